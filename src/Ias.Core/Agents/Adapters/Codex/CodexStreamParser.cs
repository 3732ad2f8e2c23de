using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters.Codex;

/// <summary>Turns the JSONL of <c>codex exec --json</c> (thread, turn and item events) into agent events; one parser per run.</summary>
public sealed partial class CodexStreamParser(TimeProvider clock) : JsonEventParser(clock)
{
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private string _lastMessage = "";
    private string? _lastError;
    private int _turns;

    /// <summary>Codex reports no API calls; each turn is at least one, so turns are the floor it counts.</summary>
    public override int ApiCalls => _turns;

    // Codex reconnects forever while the network is down, printing a line each time on stdout and stderr alike.
    public override bool IsProgress(string line) =>
        !(line.Contains("Reconnecting", StringComparison.OrdinalIgnoreCase)
          || line.Contains("failed to connect", StringComparison.OrdinalIgnoreCase)
          || line.Contains("waiting for network", StringComparison.OrdinalIgnoreCase));

    protected override void Read(string type, JsonElement root, List<AgentEvent> events)
    {
        switch (type)
        {
            case "thread.started" when Json.Text(root, "thread_id") is { } threadId:
                SessionId = threadId;
                events.Add(new SessionStarted(threadId, null));
                break;
            case "turn.started":
                _turns++;
                break;
            case "item.started":
            case "item.updated":
                if (Json.Object(root, "item") is { } started)
                {
                    Announce(started, events);
                }

                break;
            case "item.completed":
                if (Json.Object(root, "item") is { } item)
                {
                    Complete(item, events);
                }

                break;
            case "turn.completed":
                Completed(root, events);
                break;
            case "turn.failed":
                var failure = Json.Object(root, "error") is { } error ? Json.Text(error, "message") : null;
                Failed(failure ?? _lastError ?? "turn failed", events);
                break;
            case "error":
                Error(Json.Text(root, "message") ?? "error", events);
                break;
            default:
                break;
        }
    }

    private void Announce(JsonElement item, List<AgentEvent> events)
    {
        var id = Json.Text(item, "id");
        if (ToolOf(item) is not { } tool || (id is not null && !_announced.Add(id)))
        {
            return;
        }

        events.Add(new ToolCall(id, tool.Name, tool.Target));
    }

    private void Complete(JsonElement item, List<AgentEvent> events)
    {
        var id = Json.Text(item, "id");
        switch (Json.Text(item, "type"))
        {
            case "agent_message" when Json.Text(item, "text") is { } text:
                _lastMessage = text;
                events.Add(new AssistantText(id, text));
                return;
            case "error" when Json.Text(item, "message") is { } message:
                _lastError = message;
                return;
            default:
                break;
        }

        if (ToolOf(item) is null)
        {
            return;
        }

        // File changes often arrive completed without a started event; the call is announced then.
        Announce(item, events);
        var status = Json.Text(item, "status");
        var exitCode = item.TryGetProperty("exit_code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0;
        var isError = status is "failed" or "declined" || exitCode != 0;
        var output = Json.Text(item, "aggregated_output")
            ?? (Json.Object(item, "error") is { } error ? Json.Text(error, "message") : null)
            ?? status
            ?? "";
        events.Add(new ToolResult(id, isError, ShortText.Cut(output, 500)));
    }

    private static (string Name, string? Target)? ToolOf(JsonElement item) => Json.Text(item, "type") switch
    {
        "command_execution" => ("command_execution", Json.Text(item, "command") is { } c ? ShortText.Cut(c.Split('\n', 2)[0], 200) : null),
        "file_change" => ("file_change", FirstPath(item)),
        "mcp_tool_call" => ("mcp_tool_call", (Json.Text(item, "server"), Json.Text(item, "tool")) switch
        {
            ({ } server, { } tool) => $"{server}.{tool}",
            (_, var tool) => tool,
        }),
        "web_search" => ("web_search", Json.Text(item, "query")),
        _ => null,
    };

    private static string? FirstPath(JsonElement item)
    {
        if (!item.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var change in changes.EnumerateArray())
        {
            if (Json.Text(change, "path") is { } path)
            {
                return path;
            }
        }

        return null;
    }

    private void Completed(JsonElement root, List<AgentEvent> events)
    {
        SawResult = true;
        var usage = Json.Object(root, "usage");

        // OpenAI's input_tokens already include the cached ones, so cached_input_tokens is not added again.
        var tokensIn = usage is { } u ? Json.Number(u, "input_tokens") : 0;
        var tokensOut = usage is { } v ? Json.Number(v, "output_tokens") : 0;
        events.Add(new FinalResult(true, FailureClass.None, _lastMessage, tokensIn, tokensOut, null, ApiCalls, SessionId));
    }

    private void Error(string message, List<AgentEvent> events)
    {
        // Codex reports its own reconnect attempts as error events before it gives up; those are status, not the end.
        var retry = RetryCount().Match(message);
        if (retry.Success || message.Contains("reconnecting", StringComparison.OrdinalIgnoreCase))
        {
            StderrHint ??= Classifier.Classify(message)?.Class ?? FailureClass.Network;
            events.Add(new ApiRetry(retry.Success ? int.Parse(retry.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0, message));
            return;
        }

        _lastError = message;
        Failed(message, events);
    }

    private void Failed(string message, List<AgentEvent> events)
    {
        if (SawResult)
        {
            return;
        }

        Fail(message, 0, 0, events);
    }

    [GeneratedRegex(@"(\d+)\s*/\s*\d+")]
    private static partial Regex RetryCount();
}
