namespace Ias.Core.Sandbox;

/// <summary>Files in the user's home that a CLI's own settings run for its key, which its box may not show.</summary>
public static class HelperFiles
{
    /// <summary>One line naming such a file the box does not show and the way to show it; null when there is none.</summary>
    /// <remarks>The box shows the role its own copies of the CLI's folders and the paths in ias.sandbox.allow, nothing else of the home.</remarks>
    public static string? Problem(string cli, AgentNeeds needs, BoxLayout layout, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Home is not { } home)
        {
            return null;
        }

        var shown = needs.Resolve(home, environment).Concat(layout.AllowedPaths).Select(Path.TrimEndingDirectorySeparator).ToList();
        foreach (var key in needs.KeyFiles.Where(k => k.HomeFiles is not null))
        {
            foreach (var file in AgentNeeds.Texts([key.Path], home, environment).SelectMany(key.HomeFiles!))
            {
                var full = Path.GetFullPath(Path.Combine(home, file[2..]));
                if (!shown.Any(s => full == s || full.StartsWith(s + "/", StringComparison.Ordinal)))
                {
                    return $"{cli}'s settings ({key.Path}) run {file} for its key, which its box does not show: move it into a folder of {cli}'s own "
                        + $"(each role gets a copy) and name it there, or add {file} to ias.sandbox.allow in .loa.config.yaml";
                }
            }
        }

        return null;
    }
}
