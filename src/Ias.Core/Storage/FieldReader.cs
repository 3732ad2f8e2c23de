using System.Text.Json;
using Ias.Core.StateMachines;

namespace Ias.Core.Storage;

/// <summary>Reads typed fields out of a JSON object and names the dotted field path ("cycles.history[2].phase") in every complaint.</summary>
internal readonly struct FieldReader
{
    private readonly JsonElement _element;
    private readonly string _path;

    private FieldReader(JsonElement element, string path)
    {
        _element = element;
        _path = path;
    }

    /// <summary>The top of a document, which must be an object.</summary>
    public static FieldReader Root(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
            ? new FieldReader(root, "")
            : throw new SchemaException($"the top level must be a JSON object (got {Kind(root)})");

    public bool Has(string name) => _element.TryGetProperty(name, out _);

    public FieldReader Object(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind == JsonValueKind.Object
            ? new FieldReader(value, path)
            : throw WrongType(path, "an object", value);
    }

    public IReadOnlyList<FieldReader> Array(string name)
    {
        var (value, path) = Required(name);
        return Items(value, path);
    }

    /// <summary>The objects of an array, read eagerly so a bad item is reported here.</summary>
    public static IReadOnlyList<FieldReader> Items(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(path, "an array", array);
        }

        return array.EnumerateArray().Select((item, i) =>
            item.ValueKind == JsonValueKind.Object
                ? new FieldReader(item, $"{path}[{i}]")
                : throw WrongType($"{path}[{i}]", "an object", item)).ToList();
    }

    /// <summary>An array of strings, such as a bug's suspected files.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        var (value, path) = Required(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(path, "an array of strings", value);
        }

        return value.EnumerateArray().Select((item, i) =>
            item.ValueKind == JsonValueKind.String ? item.GetString()! : throw WrongType($"{path}[{i}]", "a string", item)).ToList();
    }

    public int Int(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw WrongType(path, "an integer", value);
    }

    public int? NullableInt(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            _ => throw WrongType(path, "an integer or null", value),
        };
    }

    public long Long(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw WrongType(path, "an integer", value);
    }

    public double Double(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) ? n : throw WrongType(path, "a number", value);
    }

    public decimal Decimal(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var n) ? n : throw WrongType(path, "a number", value);
    }

    public bool Bool(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(path, "true or false", value),
        };
    }

    public string String(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(path, "a string", value);
    }

    /// <summary>A field that must be present but may be null.</summary>
    public string? NullableString(string name)
    {
        var (value, path) = Required(name);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => throw WrongType(path, "a string or null", value),
        };
    }

    /// <summary>A string field that may be absent or null, as an extra of ias's is in a file the original tools wrote.</summary>
    public string? OptionalString(string name) => Has(name) ? NullableString(name) : null;

    /// <summary>A true-or-false field that reads as false when absent, as an extra of ias's is in a file the original tools wrote.</summary>
    public bool Flag(string name) => Has(name) && Bool(name);

    public DateTimeOffset Time(string name)
    {
        var text = String(name);
        return IsoTime.TryParse(text, out var t)
            ? t
            : throw new SchemaException($"field {Join(name)} must be an ISO-8601 timestamp like 2026-01-19T10:00:00Z (got \"{text}\")");
    }

    public DateTimeOffset? NullableTime(string name)
    {
        var text = NullableString(name);
        if (text is null)
        {
            return null;
        }

        return IsoTime.TryParse(text, out var t)
            ? t
            : throw new SchemaException($"field {Join(name)} must be an ISO-8601 timestamp like 2026-01-19T10:00:00Z or null (got \"{text}\")");
    }

    public T Enum<T>(string name) where T : struct, Enum
    {
        var text = String(name);
        return WireName.TryParse<T>(text, out var v) ? v : throw NotOneOf<T>(name, text);
    }

    public T? NullableEnum<T>(string name) where T : struct, Enum
    {
        var text = NullableString(name);
        if (text is null)
        {
            return null;
        }

        return WireName.TryParse<T>(text, out var v) ? v : throw NotOneOf<T>(name, text);
    }

    private SchemaException NotOneOf<T>(string name, string text) where T : struct, Enum =>
        new($"field {Join(name)} must be one of {string.Join(", ", System.Enum.GetValues<T>().Select(x => WireName.Of(x)))} (got \"{text}\")");

    private (JsonElement Value, string Path) Required(string name)
    {
        var path = Join(name);
        return _element.TryGetProperty(name, out var value) ? (value, path) : throw new SchemaException($"missing field {path}");
    }

    private string Join(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    private static SchemaException WrongType(string path, string expected, JsonElement got) =>
        new($"field {path} must be {expected} (got {Describe(got)})");

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"string \"{ShortText.CutAfter(e.GetString()!, 40)}\"",
        JsonValueKind.Number => $"number {ShortText.CutAfter(e.GetRawText(), 40)}",
        _ => Kind(e),
    };

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
