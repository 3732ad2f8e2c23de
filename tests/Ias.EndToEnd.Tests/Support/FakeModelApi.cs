using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Ias.Core.Decisions;
using Ias.Core.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// A scripted model API on 127.0.0.1 that the real agent CLIs talk to: Anthropic Messages,
/// OpenAI Responses and Gemini streamGenerateContent, each streamed as SSE. It plays one implement turn (a tool call
/// that writes <see cref="WorkFile"/>, then a final message) and review/audit turns (a passing verdict block), or a failure.
/// What it serves follows the request's last user message, as a model's next move follows the last thing it was told:
/// a resumed session's history holds the earlier turns' tool calls and results too.
/// </summary>
public sealed partial class FakeModelApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private FakeModelApi(WebApplication app, FakeModelMode mode, string workFile)
    {
        _app = app;
        Mode = mode;
        WorkFile = workFile;
    }

    public FakeModelMode Mode { get; }

    /// <summary>The file the implementer's tool call writes (absolute, in the checkout): its name, where the CLI works.</summary>
    /// <remarks>
    /// In the box the CLI works in the run's private workspace, not the checkout, and its change reaches the checkout as a
    /// patch; so the tool call names the file as the CLI would: by the path it reports working in (claude, whose Write tool
    /// wants an absolute path), or relative to its working directory (codex's shell, gemini's write_file).
    /// </remarks>
    public string WorkFile { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request: method, path and body, for assertions and for reading what a CLI sends.</summary>
    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    /// <summary>The turns served, in order: WriteFile, ImplementDone, Verdict or Chatter; in Ask mode AskPerson and Asked first.</summary>
    public ConcurrentQueue<string> Served { get; } = new();

    /// <summary>When the first scripted failure was served: the clock a recording of its answer is replayed at.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>
    /// Completes once <paramref name="count"/> scripted failures were served (a stalled stream counts once its headers went
    /// out): a test that holds the agent's clock moves it past a limit only once the CLI is surely failing.
    /// </summary>
    public Task FailuresServed(int count)
    {
        lock (_failureWaits)
        {
            if (_failuresServed >= count)
            {
                return Task.CompletedTask;
            }

            var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _failureWaits.Add((count, wait));
            return wait.Task;
        }
    }

    private readonly List<(int Count, TaskCompletionSource Done)> _failureWaits = [];
    private int _failuresServed;

    private void FailureServed()
    {
        lock (_failureWaits)
        {
            _failuresServed++;
            foreach (var wait in _failureWaits.Where(w => w.Count <= _failuresServed).ToList())
            {
                wait.Done.TrySetResult();
                _failureWaits.Remove(wait);
            }
        }
    }

    /// <summary>The usage-limit reset the failure named, if it named one.</summary>
    public DateTimeOffset? ResetsAt { get; private set; }

    public const string WorkText = "Hello from the fake model.";

    /// <summary>What the implementer asks a person in <see cref="FakeModelMode.Ask"/>.</summary>
    public const string Question = "Greet in English or in French?";

    /// <summary>The work file's text once the person answered <paramref name="answer"/>: proof the answer reached the model.</summary>
    public static string WorkTextFor(string answer) => $"As the person answered: {answer}";

    public static async Task<FakeModelApi> StartAsync(FakeModelMode mode, string workFile)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new FakeModelApi(app, mode, workFile);
        app.Map("/{**path}", api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    public string Dump() => string.Join("\n", Requests.Select(r => $"{r.Method} {r.Path} {Shorten(r.Body)}")) + "\nserved: " + string.Join(", ", Served);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        Requests.Enqueue((http.Request.Method, path + http.Request.QueryString, body));
        var wire = path.Contains("/messages", StringComparison.Ordinal) ? Wire.Anthropic
            : path.EndsWith("/responses", StringComparison.Ordinal) ? Wire.OpenAi
            : path.Contains(":streamGenerateContent", StringComparison.Ordinal) || path.Contains(":generateContent", StringComparison.Ordinal) ? Wire.Gemini
            : Wire.Other;

        if (wire == Wire.Other || http.Request.Method != "POST")
        {
            // Model lists, telemetry and the like: an empty answer keeps each CLI going.
            http.Response.StatusCode = path.EndsWith("/models", StringComparison.Ordinal) ? 200 : 404;
            await http.Response.WriteAsync(path.EndsWith("/models", StringComparison.Ordinal) ? """{"data":[],"models":[]}""" : "{}");
            return;
        }

        if (path.EndsWith("/count_tokens", StringComparison.Ordinal) || path.Contains(":countTokens", StringComparison.Ordinal))
        {
            await WriteJson(http, """{"input_tokens":10,"totalTokens":10}""");
            return;
        }

        if (await FailAsync(http, wire))
        {
            if (Mode != FakeModelMode.Stall)
            {
                FailureServed();
            }

            return;
        }

        var (turn, text) = Decide(wire, body);
        Served.Enqueue($"{wire}:{turn}");
        var streamed = wire switch
        {
            Wire.Anthropic => JsonNode.Parse(body)?["stream"]?.GetValue<bool>() == true,
            Wire.Gemini => path.Contains(":streamGenerateContent", StringComparison.Ordinal),
            _ => true,
        };
        switch (wire)
        {
            case Wire.Anthropic:
                await AnthropicAsync(http, turn, text, streamed, ReportedDirectory().Match(body) is { Success: true } m ? Path.Combine(m.Groups[1].Value, Path.GetFileName(WorkFile)) : WorkFile);
                break;
            case Wire.OpenAi:
                await OpenAiAsync(http, turn, text, body);
                break;
            default:
                await GeminiAsync(http, turn, text, streamed);
                break;
        }
    }

    /// <summary>The scripted failures; true when one was served.</summary>
    private async Task<bool> FailAsync(HttpContext http, Wire wire)
    {
        if (Mode is not (FakeModelMode.Work or FakeModelMode.Ask))
        {
            FailedAt ??= DateTimeOffset.UtcNow;
        }

        switch (Mode)
        {
            case FakeModelMode.Unauthorized:
                await Error(http, 401, wire, "authentication_error", "invalid x-api-key", "UNAUTHENTICATED");
                return true;
            case FakeModelMode.UsageLimit:
                await Error(http, 429, wire, "rate_limit_error",
                    "You've hit your usage limit. Your limit will reset at 5am (UTC). Try again at 5am.", "RESOURCE_EXHAUSTED");
                return true;
            case FakeModelMode.UsageLimitDaysAhead or FakeModelMode.UsageLimitThisMinute or FakeModelMode.UsageLimitGoneBy:
                ResetsAt ??= Mode switch
                {
                    FakeModelMode.UsageLimitDaysAhead => TenPastMidnight(FailedAt!.Value, days: 3),
                    FakeModelMode.UsageLimitThisMinute => LastSecondOfMinute(FailedAt!.Value),
                    _ => FailedAt!.Value.AddSeconds(-2),
                };
                await Error(http, 429, wire, "rate_limit_error", "You've hit your usage limit.", "RESOURCE_EXHAUSTED", ResetsAt);
                return true;
            case FakeModelMode.BillingDisabled:
                await Error(http, 403, wire, "permission_error",
                    "This API method requires billing to be enabled. Please enable billing on project #1234 by visiting https://console.developers.google.com/billing/enable?project=1234 then retry.",
                    "PERMISSION_DENIED");
                return true;
            case FakeModelMode.AccessDenied:
                await Error(http, 403, wire, "permission_error", "Your project has been denied access. Please contact support.", "PERMISSION_DENIED");
                return true;
            case FakeModelMode.RateLimited:
                http.Response.Headers["retry-after"] = "1";
                await Error(http, 429, wire, "rate_limit_error", "Rate limited: too many requests", "RESOURCE_EXHAUSTED");
                return true;
            case FakeModelMode.Overloaded:
                await Error(http, wire == Wire.Anthropic ? 529 : 503, wire, "overloaded_error", "Overloaded", "UNAVAILABLE");
                return true;
            case FakeModelMode.Stall:
                // Headers and nothing else: the CLI waits on a stream that never moves.
                http.Response.ContentType = "text/event-stream";
                await http.Response.StartAsync();
                await http.Response.Body.FlushAsync();
                FailureServed();
                // Held open until one of two signals: the client goes away (the CLI gave up or was killed) or the API stops.
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, http.RequestAborted))
                {
                    var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    await using (either.Token.Register(() => ended.TrySetResult()))
                    {
                        await ended.Task;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    // The CLIs print a reset in the machine's local time, as the .NET side reads it: both go by TZ, else /etc/localtime.
    private static DateTimeOffset TenPastMidnight(DateTimeOffset now, int days)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.Local).Date.AddDays(days).AddMinutes(10);
        return new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local)).ToUniversalTime();
    }

    private static DateTimeOffset LastSecondOfMinute(DateTimeOffset now) =>
        new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 59, TimeSpan.Zero);

    private static async Task Error(HttpContext http, int status, Wire wire, string anthropicType, string message, string googleStatus, DateTimeOffset? resetsAt = null)
    {
        http.Response.StatusCode = status;
        var json = wire switch
        {
            Wire.Anthropic => new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = anthropicType, ["message"] = message } },
            Wire.Gemini => new JsonObject { ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = googleStatus, ["details"] = GoogleDetails(status, message) } },
            _ => new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = message,
                    ["type"] = status == 429 ? (message.Contains("usage limit", StringComparison.Ordinal) ? "usage_limit_reached" : "rate_limit_exceeded") : anthropicType,
                    ["code"] = status == 401 ? "invalid_api_key" : null,

                    // Codex words the wait from this field: "Try again at 5:24 AM", or with a date when it is not today.
                    ["resets_at"] = resetsAt?.ToUnixTimeSeconds(),
                },
            },
        };
        await WriteJson(http, json.ToJsonString());
    }

    // Google names a daily quota in a QuotaFailure detail; Gemini CLI stops on it instead of retrying. A 403 says why in an ErrorInfo.
    private static JsonArray GoogleDetails(int status, string message) =>
        status == 403 && message.Contains("billing", StringComparison.Ordinal) ? new JsonArray(new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
            ["reason"] = "BILLING_DISABLED",
            ["domain"] = "googleapis.com",
            ["metadata"] = new JsonObject { ["service"] = "generativelanguage.googleapis.com", ["consumer"] = "projects/1234" },
        })
        : message.Contains("usage limit", StringComparison.Ordinal) ? new JsonArray(new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.QuotaFailure",
            ["violations"] = new JsonArray(new JsonObject
            {
                ["quotaMetric"] = "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                ["quotaId"] = "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                ["quotaValue"] = "250",
            }),
        })
        : [];

    /// <summary>The turn to serve, and its text: the work file's content, the question asked, or the final message.</summary>
    private (Turn Turn, string Text) Decide(Wire wire, string body)
    {
        var implementer = body.Contains("You are the implementer", StringComparison.Ordinal);
        var hasTools = body.Contains("\"tools\"", StringComparison.Ordinal);
        if (!body.Contains("autonomous Run Mode sprint", StringComparison.Ordinal) || !hasTools)
        {
            return (Turn.Chatter, "ok"); // a CLI's side request (titles, summaries, checks)
        }

        if (!implementer)
        {
            return (Turn.Verdict, "The change meets the sprint.\n\n```json\n{\"verdict\": \"pass\", \"findings\": []}\n```");
        }

        // A tool's result came back: the turn ends with its final message. In a session the person has not answered yet
        // (no answer anywhere in its history), that tool was the question.
        var (said, toolResult) = LastUserMessage(wire, JsonNode.Parse(body));
        var answered = body.Contains(AnswerPrompt.Lead, StringComparison.Ordinal);
        if (toolResult)
        {
            return Mode == FakeModelMode.Ask && !answered
                ? (Turn.Asked, "I asked the person which language to greet in; the answer comes in my next prompt.")
                : (Turn.ImplementDone, $"Implemented: wrote {Path.GetFileName(WorkFile)}.");
        }

        if (Mode != FakeModelMode.Ask)
        {
            return (Turn.WriteFile, WorkText);
        }

        return AnswerIn(said) is { } answer ? (Turn.WriteFile, WorkTextFor(answer)) : (Turn.AskPerson, Question);
    }

    /// <summary>The text of the request's last user message, and whether it carries a tool's result, on each vendor's wire.</summary>
    private static (string Text, bool ToolResult) LastUserMessage(Wire wire, JsonNode? request)
    {
        var text = new StringBuilder();
        var toolResult = false;
        switch (wire)
        {
            case Wire.Anthropic:
                // messages: [{role, content: "…" | [{type: text|tool_result|…}]}]
                var message = request?["messages"]?.AsArray().LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
                if (message?["content"] is JsonValue plain)
                {
                    text.Append(plain.GetValue<string>());
                }

                foreach (var block in message?["content"] as JsonArray ?? [])
                {
                    var type = block?["type"]?.GetValue<string>();
                    toolResult |= type == "tool_result";
                    text.Append(type == "text" ? block!["text"]?.GetValue<string>() : null);
                }

                break;
            case Wire.OpenAi:
                // input: [{type: message, role, content: [{type: input_text, text}]} | {type: function_call_output} | …]
                var item = request?["input"]?.AsArray().LastOrDefault(i => i?["role"]?.GetValue<string>() == "user" || i?["type"]?.GetValue<string>() == "function_call_output");
                toolResult = item?["type"]?.GetValue<string>() == "function_call_output";
                foreach (var part in item?["content"] as JsonArray ?? [])
                {
                    text.Append(part?["text"]?.GetValue<string>());
                }

                break;
            default:
                // contents: [{role: user|model, parts: [{text} | {functionResponse} | …]}]
                var content = request?["contents"]?.AsArray().LastOrDefault(c => c?["role"]?.GetValue<string>() == "user");
                foreach (var part in content?["parts"] as JsonArray ?? [])
                {
                    toolResult |= part?["functionResponse"] is not null;
                    text.Append(part?["text"]?.GetValue<string>());
                }

                break;
        }

        return (text.ToString(), toolResult);
    }

    /// <summary>The answer in a prompt headed by the person's answers (AnswerPrompt's line: LEAD (D1) "QUESTION": ANSWER), or null.</summary>
    private static string? AnswerIn(string prompt)
    {
        var at = prompt.IndexOf(AnswerPrompt.Lead, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var line = prompt[at..].Split('\n')[0];
        var question = line.IndexOf("\": ", StringComparison.Ordinal);
        return question < 0 ? null : line[(question + 3)..].Trim();
    }

    /// <summary>Whether the turn is a tool call; every other turn is a final message.</summary>
    private static bool CallsTool(Turn turn) => turn is Turn.WriteFile or Turn.AskPerson;

    /// <summary>The shell command that writes the work file or asks the question: what a shell tool is given.</summary>
    private string Script(Turn turn, string text) => turn == Turn.AskPerson
        ? $"ias ask {ShellWords.Quote(text)}"
        : $"printf '%s\\n' {ShellWords.Quote(text)} > {ShellWords.Quote(Path.GetFileName(WorkFile))}";

    private async Task AnthropicAsync(HttpContext http, Turn turn, string text, bool streamed, string file)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N")[..12];
        var toolId = "toolu_" + Guid.NewGuid().ToString("N")[..12];
        var (tool, input) = turn == Turn.AskPerson
            ? ("Bash", new JsonObject { ["command"] = Script(turn, text), ["description"] = "Ask a person" })
            : ("Write", new JsonObject { ["file_path"] = file, ["content"] = text + "\n" });
        if (!streamed)
        {
            JsonNode content = CallsTool(turn)
                ? new JsonObject { ["type"] = "tool_use", ["id"] = toolId, ["name"] = tool, ["input"] = input }
                : new JsonObject { ["type"] = "text", ["text"] = text };
            await WriteJson(http, new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = "claude-fake",
                ["content"] = new JsonArray(content),
                ["stop_reason"] = CallsTool(turn) ? "tool_use" : "end_turn",
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = 100, ["output_tokens"] = 20 },
            }.ToJsonString());
            return;
        }

        var sse = await SseAsync(http);
        await sse("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = "claude-fake",
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = 100, ["output_tokens"] = 1 },
            },
        });
        if (CallsTool(turn))
        {
            await sse("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = toolId, ["name"] = tool, ["input"] = new JsonObject() } });
            await sse("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = input.ToJsonString() } });
        }
        else
        {
            await sse("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            await sse("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text } });
        }

        await sse("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await sse("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = CallsTool(turn) ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 20 },
        });
        await sse("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private async Task OpenAiAsync(HttpContext http, Turn turn, string text, string body)
    {
        var id = "resp_" + Guid.NewGuid().ToString("N")[..12];
        var sse = await SseAsync(http);
        await sse("response.created", new JsonObject { ["type"] = "response.created", ["response"] = new JsonObject { ["id"] = id } });
        JsonObject item;
        if (CallsTool(turn))
        {
            // Codex's shell tool takes an argv; its name differs between versions, so take the one this request offers.
            var tool = new[] { "shell", "shell_command", "exec_command", "local_shell" }.FirstOrDefault(n => body.Contains($"\"name\":\"{n}\"", StringComparison.Ordinal)) ?? "shell";
            var script = Script(turn, text);
            JsonNode args = tool switch
            {
                "shell_command" => new JsonObject { ["command"] = script },
                "exec_command" => new JsonObject { ["cmd"] = script },
                _ => new JsonObject { ["command"] = new JsonArray("bash", "-lc", script) },
            };
            item = new JsonObject { ["type"] = "function_call", ["id"] = "fc_1", ["call_id"] = "call_" + Guid.NewGuid().ToString("N")[..8], ["name"] = tool, ["arguments"] = args.ToJsonString() };
        }
        else
        {
            await sse("response.output_text.delta", new JsonObject { ["type"] = "response.output_text.delta", ["delta"] = text, ["item_id"] = "msg_1", ["output_index"] = 0, ["content_index"] = 0 });
            item = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "msg_1",
                ["role"] = "assistant",
                ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() }),
            };
        }

        await sse("response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item });
        await sse("response.completed", new JsonObject
        {
            ["type"] = "response.completed",
            ["response"] = new JsonObject
            {
                ["id"] = id,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = 100,
                    ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                    ["output_tokens"] = 20,
                    ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                    ["total_tokens"] = 120,
                },
            },
        });
    }

    private async Task GeminiAsync(HttpContext http, Turn turn, string text, bool streamed)
    {
        JsonObject part = turn switch
        {
            Turn.WriteFile => new JsonObject { ["functionCall"] = new JsonObject { ["name"] = "write_file", ["args"] = new JsonObject { ["file_path"] = Path.GetFileName(WorkFile), ["content"] = text + "\n" } } },
            Turn.AskPerson => new JsonObject { ["functionCall"] = new JsonObject { ["name"] = "run_shell_command", ["args"] = new JsonObject { ["command"] = Script(turn, text), ["description"] = "Ask a person" } } },
            Turn.Chatter => new JsonObject { ["text"] = """{"next_speaker": "user", "reasoning": "the turn is complete"}""" },
            _ => new JsonObject { ["text"] = text },
        };
        var chunk = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part) },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 100, ["candidatesTokenCount"] = 20, ["totalTokenCount"] = 120 },
            ["modelVersion"] = "gemini-fake",
        };
        if (!streamed)
        {
            await WriteJson(http, chunk.ToJsonString());
            return;
        }

        var sse = await SseAsync(http);
        await sse(null, chunk);
    }

    private static async Task<Func<string?, JsonObject, Task>> SseAsync(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        return async (name, data) =>
        {
            var text = (name is null ? "" : $"event: {name}\n") + $"data: {data.ToJsonString()}\n\n";
            await http.Response.WriteAsync(text, Encoding.UTF8);
            await http.Response.Body.FlushAsync();
        };
    }

    private static async Task WriteJson(HttpContext http, string json)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json);
    }

    private static string Shorten(string s) => s.Length <= 400 ? s : s[..400] + "…";

    private enum Wire
    {
        Anthropic,
        OpenAi,
        Gemini,
        Other,
    }

    private enum Turn
    {
        Chatter,
        WriteFile,
        ImplementDone,
        Verdict,

        /// <summary>A shell tool call running `ias ask` with the question.</summary>
        AskPerson,

        /// <summary>The final message after asking: the turn ends to wait for the answer.</summary>
        Asked,
    }

    /// <summary>The folder claude's system prompt says it works in ("Primary working directory: /…").</summary>
    [GeneratedRegex(@"[Ww]orking directory: (/[^\s""\\]+)")]
    private static partial Regex ReportedDirectory();
}
