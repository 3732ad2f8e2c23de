using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>Scalar conversions; each failure names the key, the type it wants and what the file holds.</summary>
internal sealed partial class ConfigReader
{
    private const int MaxShownValue = 60;

    private static readonly string[] TrueWords = ["true", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "no", "off"];

    private bool Bool(Entry e)
    {
        const string Expected = "true or false";
        var text = Text(e, Expected);
        if (TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase) ? false : throw Invalid(e, Expected);
    }

    private AutoPush AutoPushValue(Entry e)
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

    private QueueBackend BackendValue(Entry e)
    {
        const string Expected = "sqlite or postgres";
        return Text(e, Expected).ToLowerInvariant() switch
        {
            "sqlite" => QueueBackend.Sqlite,
            "postgres" or "postgresql" => QueueBackend.Postgres,
            _ => throw Invalid(e, Expected),
        };
    }

    private AgentKind Kind(Entry e)
    {
        var expected = $"one of {AgentKind.List(agents, ", ")}";
        return AgentKind.Find(agents, Text(e, expected)) ?? throw Invalid(e, expected);
    }

    private int PositiveInt(Entry e)
    {
        const string Expected = "a positive integer";
        return int.TryParse(Text(e, Expected), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw Invalid(e, Expected);
    }

    private int NonNegativeInt(Entry e)
    {
        const string Expected = "0 or a positive integer";
        return int.TryParse(Text(e, Expected), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw Invalid(e, Expected);
    }

    private double PositiveNumber(Entry e, double max)
    {
        const string Expected = "a positive number";
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(Text(e, Expected), Styles, CultureInfo.InvariantCulture, out var n) && n > 0 && n < max
            ? n
            : throw Invalid(e, Expected);
    }

    private TimeSpan Minutes(Entry e) => TimeSpan.FromMinutes(PositiveNumber(e, TimeSpan.MaxValue.TotalMinutes));

    private string? OptionalText(Entry e)
    {
        const string Expected = "a non-empty string or null";
        if (IsNull(e.Value))
        {
            return null;
        }

        return Text(e, Expected) is { Length: > 0 } text ? text : throw Invalid(e, Expected);
    }

    private IReadOnlyList<string> TextList(Entry e)
    {
        if (IsNull(e.Value))
        {
            return [];
        }

        if (e.Value is not YamlSequenceNode list)
        {
            throw Invalid(e, "a list of strings");
        }

        return list.Children.Select((item, i) => Text(new Entry($"{e.Path}[{i}]", e.KeyNode, item), "a string")).ToList().AsReadOnly();
    }

    // Only what git check-ref-format always rejects, so a typo fails here rather than at the first branch switch.
    private string BranchName(Entry e, bool allowEmpty)
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
    private string Pattern(Entry e)
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

    private string RelativePath(Entry e)
    {
        const string Expected = "a path relative to the repository root";
        return Text(e, Expected) is { Length: > 0 } text && !Path.IsPathRooted(text) ? text : throw Invalid(e, Expected);
    }

    /// <summary>The scalar's text; a mapping, a list or null is a type error.</summary>
    private string Text(Entry e, string expected) =>
        e.Value is YamlScalarNode { Value: { } text } && !IsNull(e.Value) ? text : throw Invalid(e, expected);

    private ConfigException Invalid(Entry e, string expected) => Fail(e.Value, $"{e.Path} must be {expected} (got {Got(e.Value)})");

    /// <summary>A plain empty, ~ or null scalar; a quoted "null" is the string.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    private static string Got(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "null",
        YamlScalarNode { Value: { } text } => Quote(text),
        _ => "an unreadable value",
    };

    private static string Quote(string text)
    {
        var shown = text.Length > MaxShownValue ? text[..(MaxShownValue - 3)] + "..." : text;
        return "\"" + shown.Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t") + "\"";
    }
}
