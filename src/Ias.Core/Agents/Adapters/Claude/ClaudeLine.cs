using System.Text;
using System.Text.Json;

namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>
/// The fields of one stream-json line that assistant messages and tool results need, read in one pass over its bytes;
/// every other field is skipped unread. Lenient as <see cref="JsonElement"/> reads are: a missing or mistyped field is
/// absent, and of a repeated one the last counts. Throws <see cref="JsonException"/> when the line is not one JSON object.
/// </summary>
internal sealed class ClaudeLine
{
    // Tool inputs name their subject under different keys; the first present one is the target.
    private static readonly string[] TargetKeys = ["file_path", "notebook_path", "path", "command", "pattern", "url", "query"];

    private ClaudeLine()
    {
    }

    /// <summary>The event type; null when absent or not a string.</summary>
    public string? Type { get; private set; }

    /// <summary>The top-level "error" string, which newer CLIs put on synthetic error messages.</summary>
    public string? Error { get; private set; }

    /// <summary>The "message" object; null when absent or not an object.</summary>
    public Body? Message { get; private set; }

    public static ClaudeLine Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        var line = new ClaudeLine();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                line.Type = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                line.Message = reader.TokenType == JsonTokenType.StartObject ? ReadMessage(ref reader) : Skipped(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                line.Error = StringOrNull(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the object but white space is not one JSON value: the reader throws on it.
        while (reader.Read())
        {
        }

        return line;
    }

    private static Body? ReadMessage(ref Utf8JsonReader reader)
    {
        string? id = null;
        List<Block>? blocks = null;
        Usage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                usage = reader.TokenType == JsonTokenType.StartObject ? ReadUsage(ref reader) : Skipped<Usage>(ref reader);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                blocks = null;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    blocks = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            blocks.Add(ReadBlock(ref reader));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Body(id, blocks ?? [], usage);
    }

    /// <summary>A message's usage: its input (fresh, cache writes and cache reads, all sent to the model) and output tokens.</summary>
    private static Usage ReadUsage(ref Utf8JsonReader reader)
    {
        long input = 0, output = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInput = reader.ValueTextEquals("input_tokens"u8) || reader.ValueTextEquals("cache_creation_input_tokens"u8) || reader.ValueTextEquals("cache_read_input_tokens"u8);
            var isOutput = reader.ValueTextEquals("output_tokens"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n > 0)
            {
                input += isInput ? n : 0;
                output += isOutput ? n : 0;
            }
            else
            {
                reader.Skip();
            }
        }

        return new Usage(input, output);
    }

    private static Block ReadBlock(ref Utf8JsonReader reader)
    {
        var block = new Block();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                block.Type = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                block.Text = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                block.Name = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                block.Target = reader.TokenType == JsonTokenType.StartObject ? ReadTarget(ref reader) : Skipped<string>(ref reader);
            }
            else if (reader.ValueTextEquals("tool_use_id"u8))
            {
                reader.Read();
                block.ToolUseId = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("is_error"u8))
            {
                reader.Read();
                block.IsError = reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                block.Content = Flatten(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return block;
    }

    /// <summary>The first of <see cref="TargetKeys"/> that holds a non-empty string, in the keys' order, not the object's.</summary>
    private static string? ReadTarget(ref Utf8JsonReader reader)
    {
        string?[]? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = KeyIndex(ref reader);
            reader.Read();
            if (key < 0)
            {
                reader.Skip();
                continue;
            }

            (found ??= new string?[TargetKeys.Length])[key] = StringOrNull(ref reader);
        }

        return found?.FirstOrDefault(v => v is { Length: > 0 });
    }

    private static int KeyIndex(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < TargetKeys.Length; i++)
        {
            if (reader.ValueTextEquals(TargetKeys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The text inside a tool result, which may be a string or an array of strings and blocks, cut a little past the preview's length.</summary>
    private static string Flatten(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.StartArray:
                var builder = new StringBuilder();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (builder.Length > ClaudeStreamParser.PreviewChars)
                    {
                        reader.Skip();
                        continue;
                    }

                    string? part = null;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        part = reader.GetString();
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var (text, kind) = TextAndType(ref reader);
                        part = text ?? (kind is null ? null : $"[{kind}]");
                    }
                    else
                    {
                        reader.Skip();
                    }

                    if (part is null)
                    {
                        continue;
                    }

                    if (builder.Length > 0)
                    {
                        builder.Append('\n');
                    }

                    builder.Append(part);
                }

                return builder.ToString();
            default:
                reader.Skip();
                return "";
        }
    }

    private static (string? Text, string? Type) TextAndType(ref Utf8JsonReader reader)
    {
        string? text = null;
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = StringOrNull(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (text, type);
    }

    /// <summary>The string the reader stands on, or null (the value skipped) when it is of another kind.</summary>
    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static Body? Skipped(ref Utf8JsonReader reader) => Skipped<Body>(ref reader);

    private static T? Skipped<T>(ref Utf8JsonReader reader)
        where T : class
    {
        reader.Skip();
        return null;
    }

    /// <summary>A message's id and its content blocks (none when "content" is not an array).</summary>
    internal sealed record Body(string? Id, IReadOnlyList<Block> Blocks, Usage? Usage);

    /// <summary>The tokens of the API call that wrote a message.</summary>
    internal sealed record Usage(long Input, long Output);

    /// <summary>One content block: text, a tool call, or a tool's result.</summary>
    internal sealed class Block
    {
        public string? Type { get; set; }

        public string? Text { get; set; }

        public string? Name { get; set; }

        /// <summary>The tool input's subject, whole; null when "input" is not an object or names none.</summary>
        public string? Target { get; set; }

        public string? ToolUseId { get; set; }

        public bool IsError { get; set; }

        /// <summary>A tool result's text, flattened; null when it had no "content".</summary>
        public string? Content { get; set; }
    }
}
