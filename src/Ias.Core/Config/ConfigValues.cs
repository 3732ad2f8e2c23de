using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>Scalar conversions of <paramref name="displayPath"/>'s values; each failure names the key, the type it wants and what the file holds.</summary>
internal sealed class ConfigValues(string displayPath)
{
    private const int MaxShownValue = 60;

    private static readonly string[] TrueWords = ["true", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "no", "off"];

    public bool Bool(ConfigEntry e)
    {
        const string Expected = "true or false";
        var text = Text(e, Expected);
        if (TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase) ? false : throw Invalid(e, Expected);
    }

    public AutoPush AutoPushValue(ConfigEntry e)
    {
        const string Expected = "true, false or prompt";
        var text = Text(e, Expected);
        if (string.Equals(text, "prompt", StringComparison.OrdinalIgnoreCase))
        {
            return AutoPush.Prompt;
        }

        if (TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return AutoPush.True;
        }

        return FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase) ? AutoPush.False : throw Invalid(e, Expected);
    }

    public QueueBackend BackendValue(ConfigEntry e)
    {
        const string Expected = "sqlite or postgres";
        return Text(e, Expected).ToLowerInvariant() switch
        {
            "sqlite" => QueueBackend.Sqlite,
            "postgres" or "postgresql" => QueueBackend.Postgres,
            _ => throw Invalid(e, Expected),
        };
    }

    public NetworkMode NetworkValue(ConfigEntry e)
    {
        const string Expected = "allowlist, open or none";
        return Text(e, Expected).ToLowerInvariant() switch
        {
            "allowlist" => NetworkMode.Allowlist,
            "open" => NetworkMode.Open,
            "none" => NetworkMode.None,
            _ => throw Invalid(e, Expected),
        };
    }

    public int PositiveInt(ConfigEntry e)
    {
        const string Expected = "a positive integer";
        return int.TryParse(Text(e, Expected), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw Invalid(e, Expected);
    }

    public int NonNegativeInt(ConfigEntry e)
    {
        const string Expected = "0 or a positive integer";
        return int.TryParse(Text(e, Expected), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw Invalid(e, Expected);
    }

    public double PositiveNumber(ConfigEntry e, double max)
    {
        const string Expected = "a positive number";
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(Text(e, Expected), Styles, CultureInfo.InvariantCulture, out var n) && n > 0 && n < max
            ? n
            : throw Invalid(e, Expected);
    }

    public TimeSpan Minutes(ConfigEntry e) => TimeSpan.FromMinutes(PositiveNumber(e, TimeSpan.MaxValue.TotalMinutes));

    public string? OptionalText(ConfigEntry e)
    {
        const string Expected = "a non-empty string or null";
        if (IsNull(e.Value))
        {
            return null;
        }

        return Text(e, Expected) is { Length: > 0 } text ? text : throw Invalid(e, Expected);
    }

    public IReadOnlyList<string> TextList(ConfigEntry e)
    {
        if (IsNull(e.Value))
        {
            return [];
        }

        if (e.Value is not YamlSequenceNode list)
        {
            throw Invalid(e, "a list of strings");
        }

        return list.Children.Select((item, i) => Text(new ConfigEntry($"{e.Path}[{i}]", e.KeyNode, item), "a string")).ToList().AsReadOnly();
    }

    // Only what git check-ref-format always rejects, so a typo fails here rather than at the first branch switch.
    public string BranchName(ConfigEntry e, bool allowEmpty)
    {
        var expected = allowEmpty ? "a git branch-name prefix" : "a git branch name";
        var text = Text(e, expected);
        var unusable = (!allowEmpty && text.Length == 0)
            || text.Contains("..", StringComparison.Ordinal)
            || text.Contains("@{", StringComparison.Ordinal)
            || text.StartsWith('/')
            || text.StartsWith('-')
            || text.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch) || "~^:?*[\\".Contains(ch));
        return unusable ? throw Invalid(e, expected) : text;
    }

    // The original Run Mode tools call this a grep -E pattern; plain ERE patterns are also .NET patterns, and the git sync matches with .NET.
    public string Pattern(ConfigEntry e)
    {
        const string Expected = "a regular expression";
        var text = Text(e, Expected);
        if (text.Length == 0)
        {
            throw Invalid(e, "a non-empty regular expression");
        }

        try
        {
            _ = new Regex(text, RegexOptions.None, TimeSpan.FromSeconds(1));
            return text;
        }
        catch (RegexParseException ex)
        {
            // The error code, not the message: the message repeats the pattern and is localised.
            var reason = Regex.Replace(ex.Error.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();
            throw Fail(e.Value, $"{e.Path} must be a valid regular expression (got {Got(e.Value)}; {reason} at offset {ex.Offset})");
        }
    }

    public string RelativePath(ConfigEntry e)
    {
        const string Expected = "a path relative to the repository root";
        return Text(e, Expected) is { Length: > 0 } text && !Path.IsPathRooted(text) ? text : throw Invalid(e, Expected);
    }

    /// <summary>The scalar's text; a mapping, a list or null is a type error.</summary>
    public string Text(ConfigEntry e, string expected) =>
        e.Value is YamlScalarNode { Value: { } text } && !IsNull(e.Value) ? text : throw Invalid(e, expected);

    public ConfigException Invalid(ConfigEntry e, string expected) => Fail(e.Value, $"{e.Path} must be {expected} (got {Got(e.Value)})");

    /// <summary>A plain empty, ~ or null scalar; a quoted "null" is the string.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    public static string Got(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "null",
        YamlScalarNode { Value: { } text } => Quote(text),
        _ => "an unreadable value",
    };

    public static string Quote(string text)
    {
        var shown = text.Length > MaxShownValue ? text[..(MaxShownValue - 3)] + "..." : text;
        return "\"" + shown.Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t") + "\"";
    }

    public ConfigException Fail(YamlNode at, string message) =>
        new($"config {displayPath}:{at.Start.Line}:{at.Start.Column}: {message}");
}

/// <summary>One key of a mapping: its dotted path from the top, the key node (for warnings) and the value node.</summary>
internal sealed record ConfigEntry(string Path, YamlScalarNode KeyNode, YamlNode Value)
{
    public string Key => KeyNode.Value ?? "";
}
