using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ias.Core.Sandbox;

/// <summary>Readers of the variable names a CLI's config text gives, for <see cref="KeyFile.Names"/>.</summary>
internal static partial class KeyNames
{
    // A settings file as people write it: comments and trailing commas pass, and no nesting runs deep enough to matter.
    private static readonly JsonDocumentOptions Tolerant = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    /// <summary>The names in TOML `env_key = "NAME"` lines (codex's model providers).</summary>
    public static IEnumerable<string> EnvKeyLines(string text) => EnvKeyLine().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>The variables <paramref name="text"/> refers to as `$NAME` or `${NAME}` (`${NAME:-x}` too).</summary>
    public static IEnumerable<string> References(string text) =>
        Reference().Matches(text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);

    /// <summary>The references in every string value of a JSON text (gemini's settings); none when it is not JSON.</summary>
    public static IEnumerable<string> InJsonStrings(string text) =>
        Json(text) is { } root ? Strings(root).SelectMany(References) : [];

    /// <summary>The root of a JSON text, comments and trailing commas allowed; null when it is not JSON.</summary>
    public static JsonElement? Json(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, Tolerant);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex("""^\s*env_key\s*=\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*$""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex EnvKeyLine();

    [GeneratedRegex(@"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
