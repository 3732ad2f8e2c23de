using Spectre.Console;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ias.Tui.Theming;

/// <summary>Reads a theme file's flat role: style mapping, turning every mistake into a one-line error at its line and column.</summary>
internal static class ThemeFileReader
{
    public const string NameKey = "name";
    public const string DescriptionKey = "description";
    public const string InheritsKey = "inherits";

    private static readonly string[] MetaKeys = [NameKey, DescriptionKey, InheritsKey];

    public static ThemeFile Read(string text, string displayPath)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            return Read(parser, text, displayPath);
        }
        catch (YamlException ex)
        {
            var reason = string.Join(' ', ex.Message.Split((char[])[' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
            reason = reason.Length > 0 ? char.ToLowerInvariant(reason[0]) + reason[1..] : "unreadable YAML";
            throw Error(displayPath, ex.Start, $"YAML syntax error: {reason}; fix the YAML syntax", ex);
        }
    }

    private static ThemeFile Read(Parser parser, string text, string displayPath)
    {
        var lines = text.Split('\n');
        string? name = null;
        string? description = null;
        string? inherits = null;
        Location? inheritsAt = null;
        var styles = new Dictionary<string, Style>(StringComparer.Ordinal);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);

        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return new ThemeFile(displayPath, null, null, null, null, styles);
        }

        parser.Consume<DocumentStart>();
        if (parser.Accept<Scalar>(out var only) && only.Value.Length == 0)
        {
            parser.Consume<Scalar>();
        }
        else
        {
            if (!parser.TryConsume<MappingStart>(out _))
            {
                throw Error(displayPath, parser.Current!.Start, "a theme file is a mapping of role: style lines, such as breaker.open: \"bold white on red\"");
            }

            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    throw Error(displayPath, parser.Current!.Start, "expected a role name such as breaker.open here; a theme file is a flat mapping of role: style");
                }

                if (seen.TryGetValue(key.Value, out var firstLine))
                {
                    throw Error(displayPath, key.Start, $"\"{key.Value}\" is set twice (first on line {firstLine}); remove one");
                }

                seen[key.Value] = key.Start.Line;
                if (!MetaKeys.Contains(key.Value) && !ThemeRoles.IsKnown(key.Value))
                {
                    throw Error(displayPath, key.Start, UnknownRole(key.Value));
                }

                if (!parser.TryConsume<Scalar>(out var value))
                {
                    throw Error(displayPath, parser.Current!.Start, $"\"{key.Value}\" must be a single string, not a list, mapping or alias");
                }

                switch (key.Value)
                {
                    case NameKey:
                        name = value.Value;
                        break;
                    case DescriptionKey:
                        description = value.Value;
                        break;
                    case InheritsKey:
                        inherits = value.Value;
                        inheritsAt = At(value.Start);
                        break;
                    default:
                        styles[key.Value] = ReadStyle(key.Value, value, lines, displayPath);
                        break;
                }
            }
        }

        parser.Consume<DocumentEnd>();
        if (!parser.TryConsume<StreamEnd>(out _))
        {
            throw Error(displayPath, parser.Current!.Start, "a theme file holds one YAML document; remove this second one");
        }

        return new ThemeFile(displayPath, name, description, inherits, inheritsAt, styles);
    }

    private static Style ReadStyle(string role, Scalar value, string[] lines, string displayPath)
    {
        var plainNull = value.Style == ScalarStyle.Plain && value.Value is "" or "~" or "null";
        if (plainNull)
        {
            throw Error(displayPath, value.Start, $"role \"{role}\" has no style; write one such as \"default\" or \"bold white on red\", or remove the line to inherit it");
        }

        if (StyleText.TryParse(value.Value, out var style, out var problem))
        {
            return style;
        }

        throw Error(displayPath, WordMark(value, problem, lines), problem.Message);
    }

    // Points at the bad word itself when the scalar is on one line and the word sits where the offset says; otherwise at the value.
    private static Location WordMark(Scalar value, StyleProblem problem, string[] lines)
    {
        var start = At(value.Start);
        if (problem.Word.Length == 0 || value.Start.Line != value.End.Line || value.Start.Line > lines.Length)
        {
            return start;
        }

        var line = lines[value.Start.Line - 1];
        var quoted = value.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        var index = (int)value.Start.Column - 1 + quoted + problem.Offset;
        return index + problem.Word.Length <= line.Length && string.CompareOrdinal(line, index, problem.Word, 0, problem.Word.Length) == 0
            ? new Location(value.Start.Line, index + 1)
            : start;
    }

    private static string UnknownRole(string key)
    {
        if (Suggest.Closest(key, ThemeRoles.All.Select(r => r.Name).Concat(MetaKeys)) is { } near)
        {
            return $"unknown role \"{key}\"; did you mean \"{near}\"? (see ias help themes for every role)";
        }

        var firstFew = string.Join(", ", ThemeRoles.All.Take(4).Select(r => r.Name));
        return $"unknown role \"{key}\" (known roles: {firstFew}, … {ThemeRoles.All.Count} in all; see ias help themes)";
    }

    private static Location At(Mark mark) => new(mark.Line, mark.Column);

    private static ThemeException Error(string displayPath, Mark at, string message, Exception? inner = null) =>
        Error(displayPath, At(at), message, inner);

    private static ThemeException Error(string displayPath, Location at, string message, Exception? inner = null)
    {
        var text = $"{displayPath}:{at.Line}:{at.Column}: {message}";
        return inner is null ? new ThemeException(text) : new ThemeException(text, inner);
    }
}
