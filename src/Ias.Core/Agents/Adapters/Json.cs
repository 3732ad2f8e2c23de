using System.Text.Json;
using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters;

/// <summary>Lenient reads of JSON event fields: a missing or mistyped field is absent, never an exception.</summary>
internal static class Json
{
    private static readonly string[] TargetKeys = ["file_path", "absolute_path", "notebook_path", "path", "command", "pattern", "url", "query"];

    public static JsonElement? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static long Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number when value.TryGetDouble(out var real) => (long)real,
            _ => 0,
        };
    }

    /// <summary>The file, command or pattern a tool's arguments name, first line only and shortened.</summary>
    public static string? Target(JsonElement? arguments)
    {
        if (arguments is not { ValueKind: JsonValueKind.Object } args)
        {
            return null;
        }

        foreach (var key in TargetKeys)
        {
            if (Text(args, key) is { Length: > 0 } value)
            {
                return ShortText.Cut(value.Split('\n', 2)[0], 200);
            }
        }

        return null;
    }
}
