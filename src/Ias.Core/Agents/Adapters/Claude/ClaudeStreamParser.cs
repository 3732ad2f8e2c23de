using System.Text;
using System.Text.Json;
using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>Turns the lines of Claude Code's <c>--output-format stream-json --verbose</c> output into agent events; one parser per run.</summary>
public sealed class ClaudeStreamParser(TimeProvider? clock = null) : IStreamParser
{
    private const int TargetChars = 200;

    /// <summary>How much of a tool's result its preview keeps.</summary>
    internal const int PreviewChars = 500;

    // Phrasings the Claude-specific checks below do not know (billing, bad flags, max turns) fall to the shared table.
    private readonly FailureClassifier _shared = new(clock ?? TimeProvider.System);
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);

    // Each API call's usage by its message id (every content block of a response repeats it, the last one counting), and the sums.
    private readonly Dictionary<string, ClaudeLine.Usage> _usage = new(StringComparer.Ordinal);
    private long _tokensIn;
    private long _tokensOut;
    private int _messagesWithoutId;
    private bool _rateLimited;
    private bool _usageLimitReported;
    private bool _authReported;

    /// <summary>API calls so far: distinct assistant message ids, since the CLI streams each content block of one response as its own line.</summary>
    public int ApiCalls => _messageIds.Count + _messagesWithoutId;

    /// <summary>The session id from the init or result event.</summary>
    public string? SessionId { get; private set; }

    /// <summary>True once the final result event was read; a caller can pass <c>() => parser.SawResult</c> as the runner's resultArriving.</summary>
    public bool SawResult { get; private set; }

    /// <summary>Lines that were not events of the stream format.</summary>
    public int UnparsedLines { get; private set; }

    /// <summary>When the usage limit resets, from a rejected rate_limit_event, the result text or stderr.</summary>
    public DateTimeOffset? UsageLimitResetsAt { get; private set; }

    /// <summary>The failure class stderr pointed at, for runs that end without a result event.</summary>
    public FailureClass? StderrHint { get; private set; }

    /// <summary>Parses one stdout line; never throws, and lines that are not stream events come back as <see cref="Unparsed"/>.</summary>
    public IEnumerable<AgentEvent> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var events = new List<AgentEvent>();
        Parse(Encoding.UTF8.GetBytes(line), events);
        return events;
    }

    /// <summary>Parses one stdout line of UTF-8 bytes into <paramref name="events"/>; never throws.</summary>
    /// <remarks>
    /// Nearly every line is an assistant message or a tool's result: those are read in one pass of a <see cref="Utf8JsonReader"/>
    /// that takes only the fields used and skips the rest. The few other lines (init, retries, limits, the result) are read
    /// whole, as their fields are many and their count small.
    /// </remarks>
    public void Parse(ReadOnlySpan<byte> line, List<AgentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            line = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line));
        }

        ClaudeLine read;
        try
        {
            read = ClaudeLine.Read(line);
        }
        catch (JsonException)
        {
            NotAnEvent(line, events);
            return;
        }

        if (read.Type is not { } type)
        {
            NotAnEvent(line, events);
            return;
        }

        switch (type)
        {
            case "assistant":
                ReadAssistant(read, events);
                break;
            case "user":
                ReadUser(read, events);
                break;
            case "system" or "rate_limit_event" or "result":
                ReadWhole(line, type, events);
                break;
            default:
                // Other event types (partial stream events, hooks) are valid protocol but carry nothing we track.
                break;
        }
    }

    /// <summary>Claude's lines all hold JSON, so no line's content tells retry chatter from work: each one is progress.</summary>
    public bool IsProgress(ReadOnlySpan<byte> line) => true;

    private void ReadWhole(ReadOnlySpan<byte> line, string type, List<AgentEvent> events)
    {
        using var document = JsonDocument.Parse(line.ToArray());
        var root = document.RootElement;
        switch (type)
        {
            case "system":
                ReadSystem(root, events);
                break;
            case "rate_limit_event":
                ReadRateLimit(root, events);
                break;
            default:
                ReadResult(root, events);
                break;
        }
    }

    /// <summary>Notes what a stderr line says about auth, usage limits or the network, for <see cref="StderrHint"/> and the result's class.</summary>
    public void ObserveStderr(string line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // The shared table reads the CLI's words where it knows them; Claude's older phrases fill in where it does not.
        var found = _shared.Classify(line);
        var read = found?.Class ?? ClaudeFailureText.Read(line);
        if (read == FailureClass.UsageLimit)
        {
            StderrHint = FailureClass.UsageLimit;
            UsageLimitResetsAt ??= FailureClassifier.EpochResetTime(line) ?? found?.ResetsAt;
        }
        else if (read == FailureClass.Auth && StderrHint != FailureClass.UsageLimit)
        {
            StderrHint = FailureClass.Auth;
        }
        else if (read is not null && StderrHint is null)
        {
            StderrHint = read;
        }
    }

    private void NotAnEvent(ReadOnlySpan<byte> bytes, List<AgentEvent> events)
    {
        // A blank line is no event, and no error either.
        var line = Encoding.UTF8.GetString(bytes);
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        UnparsedLines++;
        events.Add(new Unparsed(line));
    }

    private void ReadSystem(JsonElement root, List<AgentEvent> events)
    {
        switch (Text(root, "subtype"))
        {
            case "init":
                if (Text(root, "session_id") is { } sessionId)
                {
                    SessionId = sessionId;
                    events.Add(new SessionStarted(sessionId, Text(root, "model")));
                }

                break;
            case "api_retry":
                var status = Number(root, "error_status");
                var reason = (Text(root, "error"), status) switch
                {
                    ({ } error, > 0) => $"{error} ({status})",
                    ({ } error, _) => error,
                    (null, > 0) => $"HTTP {status}",
                    _ => null,
                };
                events.Add(new ApiRetry((int)Math.Max(Number(root, "attempt"), 0), reason));
                break;
            default:
                break;
        }
    }

    private void ReadAssistant(ClaudeLine line, List<AgentEvent> events)
    {
        if (line.Message is not { } message)
        {
            return;
        }

        var messageId = message.Id;
        if (messageId is null)
        {
            _messagesWithoutId++;
        }
        else
        {
            _messageIds.Add(messageId);
        }

        // Newer CLIs mark their synthetic error messages; the result text alone may not name the cause.
        switch (line.Error)
        {
            case "authentication_failed":
                _authReported = true;
                break;
            case "rate_limit":
                // A 429 is a usage limit only when its text names one; otherwise it is short-term.
                _rateLimited = true;
                break;
            default:
                break;
        }

        foreach (var block in message.Blocks)
        {
            switch (block.Type)
            {
                case "text" when block.Text is { } text:
                    events.Add(new AssistantText(messageId, text));
                    break;
                case "tool_use":
                    events.Add(new ToolCall(messageId, block.Name ?? "unknown", block.Target is { } target ? ShortText.Cut(target.Split('\n', 2)[0], TargetChars) : null));
                    break;
                default:
                    break;
            }
        }

        if (message.Usage is { } usage)
        {
            AddUsage(messageId ?? $"#{_messagesWithoutId}", usage, events);
        }
    }

    private void AddUsage(string messageId, ClaudeLine.Usage usage, List<AgentEvent> events)
    {
        var before = _usage.GetValueOrDefault(messageId);
        _usage[messageId] = usage;
        var (tokensIn, tokensOut) = (_tokensIn + usage.Input - (before?.Input ?? 0), _tokensOut + usage.Output - (before?.Output ?? 0));
        if ((tokensIn, tokensOut) == (_tokensIn, _tokensOut))
        {
            return;
        }

        (_tokensIn, _tokensOut) = (tokensIn, tokensOut);
        events.Add(new TokensSoFar(tokensIn, tokensOut));
    }

    private static void ReadUser(ClaudeLine line, List<AgentEvent> events)
    {
        if (line.Message is not { } message)
        {
            return;
        }

        foreach (var block in message.Blocks)
        {
            if (block.Type != "tool_result")
            {
                continue;
            }

            events.Add(new ToolResult(block.ToolUseId, block.IsError, ShortText.Cut(block.Content ?? "", PreviewChars)));
        }
    }

    private void ReadRateLimit(JsonElement root, List<AgentEvent> events)
    {
        var info = root.TryGetProperty("rate_limit_info", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;

        // Only "rejected" stops calls; "allowed" and "allowed_warning" are informational and arrive on healthy runs.
        if (Text(info, "status") != "rejected")
        {
            return;
        }

        var epoch = Number(info, "resetsAt");
        if (epoch <= 0)
        {
            epoch = Number(root, "resetsAt");
        }

        var resetsAt = epoch > 0 ? FailureClassifier.FromEpoch(epoch) : null;
        UsageLimitResetsAt = resetsAt ?? UsageLimitResetsAt;
        _usageLimitReported = true;
        events.Add(new UsageLimit(resetsAt));
    }

    private void ReadResult(JsonElement root, List<AgentEvent> events)
    {
        SawResult = true;
        SessionId = Text(root, "session_id") ?? SessionId;

        var isError = root.TryGetProperty("is_error", out var flag) && flag.ValueKind == JsonValueKind.True;
        var success = !isError && Text(root, "subtype") == "success";
        var text = Text(root, "result") ?? ErrorsText(root) ?? "";

        var tokensIn = 0L;
        var tokensOut = 0L;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            // Cache reads and writes are input the model consumed; leaving them out would hide most of a long run's input.
            tokensIn = Number(usage, "input_tokens") + Number(usage, "cache_creation_input_tokens") + Number(usage, "cache_read_input_tokens");
            tokensOut = Number(usage, "output_tokens");
        }

        var subtype = Text(root, "subtype") ?? "";
        var failure = success ? FailureClass.None
            : subtype.StartsWith("error_max_", StringComparison.Ordinal) ? FailureClass.Incomplete
            : Classify(text);
        if (failure == FailureClass.Incomplete && text.Length == 0)
        {
            text = subtype;
        }

        if (failure == FailureClass.UsageLimit && !_usageLimitReported)
        {
            UsageLimitResetsAt = FailureClassifier.EpochResetTime(text) ?? UsageLimitResetsAt ?? _shared.ResetTime(text);
            _usageLimitReported = true;
            events.Add(new UsageLimit(UsageLimitResetsAt));
        }

        events.Add(new FinalResult(success, failure, text, tokensIn, tokensOut, Cost(root), ApiCalls, SessionId));
    }

    private FailureClass Classify(string text)
    {
        var shared = _shared.Classify(text);
        if (_usageLimitReported || shared?.Class == FailureClass.UsageLimit)
        {
            return FailureClass.UsageLimit;
        }

        if (_authReported)
        {
            return FailureClass.Auth;
        }

        // The shared table tells a 429 or 529 (retry with backoff) from a dead network, which the old phrases lumped together,
        // and a concurrency limit from a usage limit; the old phrases fill in where it knows no words.
        if (shared is not null)
        {
            return shared.Class;
        }

        if (_rateLimited)
        {
            return FailureClass.Transient;
        }

        return ClaudeFailureText.Read(text) ?? StderrHint ?? FailureClass.Unknown;
    }

    private static decimal? Cost(JsonElement root)
    {
        // Older CLIs called the field cost_usd.
        foreach (var name in (string[])["total_cost_usd", "cost_usd"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var cost))
            {
                return cost;
            }
        }

        return null;
    }

    private static string? ErrorsText(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = Flatten(errors);
        return text.Length == 0 ? null : text;
    }

    /// <summary>The text inside a tool result or error list, which may be a string or an array of blocks.</summary>
    private static string Flatten(JsonElement body)
    {
        switch (body.ValueKind)
        {
            case JsonValueKind.String:
                return body.GetString() ?? "";
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                foreach (var item in body.EnumerateArray())
                {
                    var part = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString(),
                        JsonValueKind.Object when Text(item, "text") is { } text => text,
                        JsonValueKind.Object when Text(item, "type") is { } kind => $"[{kind}]",
                        _ => null,
                    };
                    if (part is null)
                    {
                        continue;
                    }

                    if (builder.Length > 0)
                    {
                        builder.Append('\n');
                    }

                    builder.Append(part);
                    if (builder.Length > PreviewChars)
                    {
                        break;
                    }
                }

                return builder.ToString();
            default:
                return "";
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var whole) ? whole : value.TryGetDouble(out var real) ? (long)real : 0;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out var parsed) ? parsed : 0;
    }
}
