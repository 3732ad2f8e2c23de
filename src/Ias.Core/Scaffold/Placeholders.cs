using System.Text.RegularExpressions;

namespace Ias.Core.Scaffold;

/// <summary>
/// The starter texts' placeholders: each `&lt;…&gt;` of the sprint plan `ias init-repo` writes and of the scaffold, for a
/// person to replace before agents work from the file. Only those exact texts count, so a plan's own `&lt;T&gt;` or
/// `&lt;div&gt;` never does.
/// </summary>
public static partial class Placeholders
{
    private static readonly string[] Known =
    [
        .. new[] { ScaffoldTexts.SprintPlan, ScaffoldTexts.ProjectContext, ScaffoldTexts.BaseGoal, ScaffoldTexts.QualityGates, ScaffoldTexts.Inputs, ScaffoldTexts.Gaps }
            .SelectMany(t => Angled().Matches(t).Select(m => m.Value))
            .Where(p => p != "<…>") // the texts' own word for a placeholder, in "Replace each <…>"
            .Distinct(StringComparer.Ordinal),
    ];

    /// <summary>The first starter placeholder in <paramref name="text"/> and its line (1-based); null when it holds none.</summary>
    public static (string Placeholder, int Line)? First(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Angled().Matches(lines[i]).FirstOrDefault(m => Known.Contains(m.Value, StringComparer.Ordinal)) is { } found)
            {
                return (found.Value, i + 1);
            }
        }

        return null;
    }

    /// <summary>
    /// The first scaffold file of the repository at <paramref name="root"/> that still holds a starter placeholder, as one
    /// line with its path, line and what to do; null when none does. A file that cannot be read is pre-flight's to name.
    /// </summary>
    public static string? InScaffold(string root)
    {
        foreach (var file in ScaffoldProfile.Full.Files.Where(f => !f.Sectioned))
        {
            var path = Path.Combine(root, file.Path);
            string text;
            try
            {
                text = File.Exists(path) && new FileInfo(path).Length <= 1 << 20 ? File.ReadAllText(path) : "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (First(text) is var (placeholder, line))
            {
                return $"{file.Path}:{line} still holds the starter's placeholder {placeholder}: replace each <…> there (or delete its line)";
            }
        }

        return null;
    }

    [GeneratedRegex(@"<[^<>\n]+>")]
    private static partial Regex Angled();
}
