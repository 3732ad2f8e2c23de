using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ias.Core.Storage;

/// <summary>Renders and parses the JSON text of the state files and of the database's JSON columns.</summary>
internal static class JsonText
{
    /// <summary>The writer options of every indented JSON text ias writes: LF newlines, "+" and "é" kept as they are.</summary>
    internal static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        NewLine = "\n",
        // These files are read by people in a terminal, never embedded in HTML, so keep "+" and "é" as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions Compact = Indented with { Indented = false };

    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Indented JSON with a final newline, as the `.run/*.json` files hold it.</summary>
    public static string Render(Action<Utf8JsonWriter> write) => Write(write, Indented) + "\n";

    /// <summary>Writes a string property, or null when there is no value, so the field is always present.</summary>
    public static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Writes an array of strings under a name.</summary>
    public static void WriteStrings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes an array under a name, one object an item, whose fields <paramref name="fields"/> writes.</summary>
    public static void WriteObjects<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<T> items, Action<Utf8JsonWriter, T> fields)
    {
        w.WritePropertyName(name);
        WriteObjects(w, items, fields);
    }

    /// <summary>Writes an array as a value, one object an item, whose fields <paramref name="fields"/> writes.</summary>
    public static void WriteObjects<T>(Utf8JsonWriter w, IEnumerable<T> items, Action<Utf8JsonWriter, T> fields)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            w.WriteStartObject();
            fields(w, item);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>One-line JSON for a database column.</summary>
    public static string RenderCompact(Action<Utf8JsonWriter> write) => Write(write, Compact);

    /// <summary>Parses a document or throws <see cref="SchemaException"/> naming the 1-based line of the first error.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        // Editors on some systems save a byte-order mark; it is not an error in the content.
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8.Span.StartsWith(bom))
        {
            utf8 = utf8[3..];
        }

        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new SchemaException("the file is empty, not valid JSON");
        }

        try
        {
            return JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var reason = ex.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0)
            {
                reason = reason[..cut];
            }

            throw new SchemaException($"not valid JSON at line {line} ({reason.TrimEnd('.', ' ')})");
        }
    }

    public static JsonDocument Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static string Write(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
