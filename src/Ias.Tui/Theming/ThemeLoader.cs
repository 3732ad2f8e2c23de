using Spectre.Console;

namespace Ias.Tui.Theming;

/// <summary>Loads built-in themes (embedded from themes/*.yaml) by name and theme files by path, filling left-out roles from the theme they inherit.</summary>
public static class ThemeLoader
{
    public const string DefaultName = "default";
    public const string MonoName = "mono";

    private const string ResourcePrefix = "Ias.Tui.themes.";
    private const string ResourceSuffix = ".yaml";

    /// <summary>The built-in theme names, default first.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } =
        [.. typeof(ThemeLoader).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(r => r[ResourcePrefix.Length..^ResourceSuffix.Length])
            .OrderBy(n => n == DefaultName ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal)];

    /// <summary>Loads a built-in theme by name, or a theme file when the argument looks like a path (has a slash or ends in .yaml/.yml); a relative path is taken from baseDirectory, else the current directory.</summary>
    public static Theme Load(string nameOrPath, string? baseDirectory = null)
    {
        var trimmed = nameOrPath.Trim();
        if (trimmed.Length == 0)
        {
            throw new ThemeException($"theme name is empty; use a built-in theme ({BuiltInList()}) or the path of a .yaml file");
        }

        return IsPath(trimmed) ? LoadFile(trimmed, baseDirectory) : LoadBuiltIn(trimmed, []);
    }

    /// <summary>Reads theme text as if from a file; displayPath names it in errors and becomes Theme.Source.</summary>
    public static Theme Parse(string yamlText, string displayPath) =>
        Build(ThemeFileReader.Read(yamlText, displayPath), Path.GetFileNameWithoutExtension(displayPath), [], isRoot: false);

    /// <summary>The theme to use: the --theme option, else the config value (relative to configDirectory), else mono under NO_COLOR and default otherwise.</summary>
    public static Theme Select(string? option, string? configValue, string configDirectory, bool noColor)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Load(option);
        }

        if (!string.IsNullOrWhiteSpace(configValue))
        {
            return Load(configValue, configDirectory);
        }

        // Stripping colour from default would leave states told apart by colour alone; mono tells them apart by bold and reverse (STYLE: NO_COLOR).
        return Load(noColor ? MonoName : DefaultName);
    }

    private static bool IsPath(string value) =>
        value.Contains('/') || value.Contains('\\') || value.StartsWith('~')
        || value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static Theme LoadFile(string path, string? baseDirectory)
    {
        var expanded = path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
        var full = Path.GetFullPath(expanded, baseDirectory ?? Environment.CurrentDirectory);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ThemeException($"theme file {path} not found (looked for {full}); check the path, or use a built-in theme: {BuiltInList()}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ThemeException($"theme file {path}: cannot read {full} ({ex.Message}); make it a readable file", ex);
        }

        return Build(ThemeFileReader.Read(text, path), Path.GetFileNameWithoutExtension(path), [], isRoot: false);
    }

    private static Theme LoadBuiltIn(string name, List<string> chain)
    {
        using var stream = typeof(ThemeLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix)
            ?? throw new ThemeException($"unknown theme \"{name}\"; the built-in themes are {BuiltInList()} — or give the path of a .yaml file, such as ./{name}.yaml");
        using var reader = new StreamReader(stream);
        var file = ThemeFileReader.Read(reader.ReadToEnd(), $"themes/{name}{ResourceSuffix}");
        return Build(file, name, [.. chain, name], isRoot: name == DefaultName);
    }

    /// <summary>Resolves a file against the theme it inherits; chain holds the built-in themes being loaded, to catch a circle.</summary>
    private static Theme Build(ThemeFile file, string fallbackName, List<string> chain, bool isRoot)
    {
        Dictionary<string, Style> styles;
        string? parentName = null;
        if (isRoot)
        {
            if (file.Inherits is not null)
            {
                throw new ThemeException($"{file.DisplayPath}: the default theme cannot inherit (it says inherits: {file.Inherits}); remove the inherits key");
            }

            // Every other theme falls back on default, so default alone must answer for every role.
            var missing = ThemeRoles.All.Select(r => r.Name).Where(r => !file.Styles.ContainsKey(r)).ToList();
            if (missing.Count > 0)
            {
                throw new ThemeException($"{file.DisplayPath}: the default theme leaves out {string.Join(", ", missing)}; it must set every role");
            }

            styles = new Dictionary<string, Style>(file.Styles, StringComparer.Ordinal);
        }
        else
        {
            parentName = file.Inherits ?? DefaultName;
            if (!BuiltInNames.Contains(parentName))
            {
                var at = file.InheritsAt is { } l ? $"{l.Line}:{l.Column}:" : "";
                throw new ThemeException($"{file.DisplayPath}:{at} inherits unknown theme \"{parentName}\"; inherit a built-in theme: {BuiltInList()}");
            }

            if (chain.Contains(parentName))
            {
                throw new ThemeException($"{file.DisplayPath}: themes inherit in a circle ({string.Join(" -> ", chain.Append(parentName))}); break the circle");
            }

            var parent = LoadBuiltIn(parentName, chain);
            styles = ThemeRoles.All.ToDictionary(r => r.Name, r => parent.Style(r.Name), StringComparer.Ordinal);
            foreach (var (role, style) in file.Styles)
            {
                styles[role] = style;
            }
        }

        return new Theme(
            string.IsNullOrWhiteSpace(file.Name) ? fallbackName : file.Name.Trim(),
            file.Description?.Trim() ?? "",
            file.DisplayPath,
            parentName,
            styles,
            file.Styles.Keys);
    }

    private static string BuiltInList() => string.Join(", ", BuiltInNames);
}
