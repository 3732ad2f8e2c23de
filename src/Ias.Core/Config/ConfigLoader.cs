namespace Ias.Core.Config;

/// <summary>Reads .loa.config.yaml at a repository root; it only ever reads.</summary>
public static class ConfigLoader
{
    public const string FileName = ".loa.config.yaml";

    /// <summary>Reads repoRoot/.loa.config.yaml, where an agent may be any of <paramref name="agents"/>; a repository without one gets the defaults.</summary>
    public static ConfigResult Load(string repoRoot, IReadOnlyCollection<AgentKind> agents)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(repoRoot, FileName));
        string text;
        try
        {
            text = InputLimits.ConfigFile.ReadText(path, FileName, message => new ConfigException(message));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ConfigResult(LoaConfig.Defaults(path), []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config {FileName}: cannot read {path} ({ex.Message}); make it a readable file or remove it", ex);
        }

        return Read(text, FileName, path, agents);
    }

    /// <summary>Reads configuration text; displayPath names it in errors and warnings and becomes LoaConfig.Path.</summary>
    public static ConfigResult Parse(string yamlText, string displayPath, IReadOnlyCollection<AgentKind> agents) => Read(yamlText, displayPath, displayPath, agents);

    private static ConfigResult Read(string text, string displayPath, string path, IReadOnlyCollection<AgentKind> agents)
    {
        var stream = YamlSyntax.Load(text, displayPath);
        var reader = new ConfigReader(displayPath, agents);
        var config = reader.Read(stream, path);
        return new ConfigResult(config, reader.Warnings);
    }
}
