using System.Text;
using System.Text.Json;
using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters.Gemini;

/// <summary>
/// Turns Gemini CLI's <c>--output-format stream-json</c> events (init, message, tool_use, tool_result, error, result) into agent events.
/// After a turn the exit code carries an HTTP status modulo 256, so the class comes from the result event and stderr;
/// before one, gemini's own fatal codes say why it would not start.
/// </summary>
public sealed class GeminiStreamParser(TimeProvider clock) : JsonEventParser(clock)
{
    // Gemini's FatalAuthenticationError: no auth method selected, or the one selected lacks its key or login. It exits
    // with it before printing any event, and its stderr names the settings file or the key, but not how to choose a method.
    private const int FatalAuthenticationError = 41;

    /// <summary>What a run that exited 41 (no usable auth method) tells the user, in one line.</summary>
    public const string NoAuthMethod =
        "gemini exited 41, no usable auth method: " + GeminiAdapter.HowToLogIn;

    private readonly StringBuilder _text = new();
    private bool _inAssistantMessage;
    private int _assistantMessages;
    private string? _lastError;

    /// <summary>Assistant messages seen: each run of assistant chunks is one model answer.</summary>
    public override int ApiCalls => _assistantMessages;

    // Gemini retries a 429 or 5xx on its own, printing "Attempt N failed ... Retrying with backoff" and a stack trace each time.
    public override bool IsProgress(string line) =>
        !(line.Contains("Retrying with backoff", StringComparison.Ordinal)
          || line.TrimStart().StartsWith("at ", StringComparison.Ordinal)
          || line.Contains("ApiError", StringComparison.Ordinal));

    public override FinalResult? Finish(int? exitCode) =>
        exitCode == FatalAuthenticationError ? new FinalResult(false, FailureClass.Auth, NoAuthMethod, 0, 0, null, ApiCalls, SessionId) : null;

    protected override void Read(string type, JsonElement root, List<AgentEvent> events)
    {
        var assistant = false;
        switch (type)
        {
            case "init":
                if ((Json.Text(root, "session_id") ?? Json.Text(root, "sessionId")) is { } session)
                {
                    SessionId = session;
                    events.Add(new SessionStarted(session, Json.Text(root, "model")));
                }

                break;
            case "message" when Json.Text(root, "role") == "assistant" && Json.Text(root, "content") is { } content:
                assistant = true;
                if (!_inAssistantMessage)
                {
                    _assistantMessages++;
                    if (_text.Length > 0)
                    {
                        _text.Append('\n');
                    }
                }

                _text.Append(content);
                events.Add(new AssistantText(null, content));
                break;
            case "tool_use":
                events.Add(new ToolCall(Json.Text(root, "tool_id"), Json.Text(root, "tool_name") ?? "unknown", Json.Target(Json.Object(root, "parameters"))));
                break;
            case "tool_result":
                var failed = Json.Text(root, "status") is { } status && status != "success";
                var output = Json.Text(root, "output") ?? (Json.Object(root, "error") is { } toolError ? Json.Text(toolError, "message") : null) ?? "";
                events.Add(new ToolResult(Json.Text(root, "tool_id"), failed, ShortText.Cut(output, 500)));
                break;
            case "error":
                if (Json.Text(root, "message") is { } message)
                {
                    _lastError = message;
                    Hint(message);
                }

                break;
            case "result":
                Result(root, events);
                break;
            default:
                break;
        }

        _inAssistantMessage = assistant;
    }

    private void Result(JsonElement root, List<AgentEvent> events)
    {
        SawResult = true;
        var stats = Json.Object(root, "stats");
        var tokensIn = stats is { } s ? Json.Number(s, "input_tokens") : 0;
        var tokensOut = stats is { } t ? Json.Number(t, "output_tokens") : 0;
        if (Json.Text(root, "status") == "success")
        {
            events.Add(new FinalResult(true, FailureClass.None, _text.ToString(), tokensIn, tokensOut, null, ApiCalls, SessionId));
            return;
        }

        var error = Json.Object(root, "error");
        var message = (error is { } e ? Json.Text(e, "message") : null) ?? _lastError ?? "gemini reported an error";
        Fail(message, tokensIn, tokensOut, events);
    }
}
