using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Ias.SimAgent;

/// <summary>Writes Claude Code stream-json lines for the simulated agent and counts what it wrote, for the result's usage.</summary>
internal sealed class SimStream(TextWriter output, TimeProvider clock, SimContext context, int promptChars, TimeSpan lineDelay, bool garbage)
{
    public const string Model = "sim-1";

    // Claude writes raw UTF-8; escaping "·" and friends would make the log harder to read than the real thing.
    private static readonly JsonSerializerOptions Json = NodesOnly(new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static readonly string[] GarbageLines =
    [
        "[sim] warming up the flux capacitor",
        "{\"type\": \"assistant\", \"message\": {\"id\": \"msg_cut",
        "\u001b[33mwarning:\u001b[0m terminal colours in a pipe",
        "Traceback (most recent call last): not really",
    ];

    private readonly string _sessionId = context.ResumeSessionId ?? Guid.NewGuid().ToString();
    private int _messages;
    private int _toolUses;
    private long _outputChars;
    private int _garbageLines;

    public string NextMessageId() => $"msg_sim_{context.Role}_{context.Cycle}_{++_messages:D2}";

    public string NextToolUseId() => $"toolu_sim_{context.Role}_{context.Cycle}_{++_toolUses:D2}";

    public Task InitAsync(CancellationToken ct) => WriteAsync(
        new JsonObject
        {
            ["type"] = "system",
            ["subtype"] = "init",
            ["cwd"] = context.RepoPath,
            ["session_id"] = _sessionId,
            ["tools"] = new JsonArray("Read", "Write", "Edit", "Bash"),
            ["model"] = Model,
            ["permissionMode"] = "bypassPermissions",
            ["apiKeySource"] = "none",
        },
        ct);

    /// <summary>An assistant message of text; one that is not <paramref name="billed"/> (the CLI's own error message) used no tokens.</summary>
    public Task TextAsync(string messageId, string text, CancellationToken ct, bool billed = true)
    {
        _outputChars += text.Length;
        return AssistantAsync(messageId, new JsonObject { ["type"] = "text", ["text"] = text }, billed ? text.Length : null, ct);
    }

    public Task ToolUseAsync(string messageId, string toolUseId, string name, JsonObject input, CancellationToken ct)
    {
        var chars = input.ToJsonString(Json).Length;
        _outputChars += chars;
        return AssistantAsync(
            messageId,
            new JsonObject { ["type"] = "tool_use", ["id"] = toolUseId, ["name"] = name, ["input"] = input },
            chars,
            ct);
    }

    public Task ToolResultAsync(string toolUseId, string content, bool isError, CancellationToken ct) => WriteAsync(
        new JsonObject
        {
            ["type"] = "user",
            ["message"] = new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject
                {
                    ["tool_use_id"] = toolUseId,
                    ["type"] = "tool_result",
                    ["content"] = content,
                    ["is_error"] = isError,
                }),
            },
            ["parent_tool_use_id"] = null,
            ["session_id"] = _sessionId,
        },
        ct);

    public Task RateLimitRejectedAsync(DateTimeOffset resetsAt, CancellationToken ct) => WriteAsync(
        new JsonObject
        {
            ["type"] = "rate_limit_event",
            ["rate_limit_info"] = new JsonObject
            {
                ["status"] = "rejected",
                ["resetsAt"] = resetsAt.ToUnixTimeSeconds(),
                ["rateLimitType"] = "five_hour",
            },
            ["session_id"] = _sessionId,
        },
        ct);

    /// <summary>The final result; usage is derived from the prompt and what was written, so it is the same for the same scenario.</summary>
    public Task ResultAsync(bool isError, string text, bool billed, CancellationToken ct, string subtype = "success")
    {
        // Each API call re-sends the conversation, so input grows with the number of calls.
        var tokensIn = billed ? _messages * CallInput : 0;
        var tokensOut = billed ? 20 + (_outputChars / 4) : 0;
        var cost = Math.Round((tokensIn * 3m / 1_000_000m) + (tokensOut * 15m / 1_000_000m), 6);
        return WriteAsync(
            new JsonObject
            {
                ["type"] = "result",
                ["subtype"] = subtype,
                ["is_error"] = isError,
                ["num_turns"] = _messages,
                ["result"] = text,
                ["session_id"] = _sessionId,
                ["total_cost_usd"] = cost,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = tokensIn,
                    ["cache_creation_input_tokens"] = 0,
                    ["cache_read_input_tokens"] = 0,
                    ["output_tokens"] = tokensOut,
                },
            },
            ct);
    }

    // What one API call sends: the prompt and a system prompt's worth more.
    private long CallInput => 200 + (promptChars / 4);

    // Each message carries its call's usage, as Claude's do, so a reader can count tokens while the turn runs.
    private Task AssistantAsync(string messageId, JsonObject block, int? outputChars, CancellationToken ct) => WriteAsync(
        new JsonObject
        {
            ["type"] = "assistant",
            ["message"] = new JsonObject
            {
                ["id"] = messageId,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = Model,
                ["content"] = new JsonArray(block),
                ["usage"] = outputChars is { } chars
                    ? new JsonObject { ["input_tokens"] = CallInput, ["output_tokens"] = 1 + (chars / 4) }
                    : new JsonObject { ["input_tokens"] = 0, ["output_tokens"] = 0 },
            },
            ["parent_tool_use_id"] = null,
            ["session_id"] = _sessionId,
        },
        ct);

    private async Task WriteAsync(JsonObject line, CancellationToken ct)
    {
        if (lineDelay > TimeSpan.Zero)
        {
            await Task.Delay(lineDelay, clock, ct).ConfigureAwait(false);
        }

        await output.WriteLineAsync(line.ToJsonString(Json).AsMemory(), ct).ConfigureAwait(false);
        if (garbage)
        {
            await output.WriteLineAsync(GarbageLines[_garbageLines++ % GarbageLines.Length].AsMemory(), ct).ConfigureAwait(false);
        }

        // A reader on the other end of a pipe must see each line as it happens, as with the real CLI.
        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    private static JsonSerializerOptions NodesOnly(JsonSerializerOptions options)
    {
        // Only JSON nodes are written, and they need no type's metadata: an empty resolver keeps reflection out.
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine();
        options.MakeReadOnly();
        return options;
    }
}
