namespace Ias.Core.Config;

/// <summary>Reads .loa.config.yaml at a repository root; it only ever reads.</summary>
public static class ConfigLoader
{
    public const string FileName = ".loa.config.yaml";

    /// <summary>Reads repoRoot/.loa.config.yaml; a repository without one gets the defaults.</summary>
    public static ConfigResult Load(string repoRoot)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(repoRoot, FileName));
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ConfigResult(LoaConfig.Defaults(path), []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config {FileName}: cannot read {path} ({ex.Message}); make it a readable file or remove it", ex);
        }

        return Read(text, FileName, path);
    }

    /// <summary>Reads configuration text; displayPath names it in errors and warnings and becomes LoaConfig.Path.</summary>
    public static ConfigResult Parse(string yamlText, string displayPath) => Read(yamlText, displayPath, displayPath);

    private static ConfigResult Read(string text, string displayPath, string path)
    {
        var stream = YamlSyntax.Load(text, displayPath);
        var reader = new ConfigReader(displayPath);
        var config = reader.Read(stream, path);
        return new ConfigResult(config, reader.Warnings);
    }
}
