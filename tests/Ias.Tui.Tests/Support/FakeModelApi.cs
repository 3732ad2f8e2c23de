using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ias.Tui.Tests.Support;

/// <summary>
/// A scripted model API on 127.0.0.1 that the real agent CLIs talk to: Anthropic Messages,
/// OpenAI Responses and Gemini streamGenerateContent, each streamed as SSE. It plays one implement turn (a tool call
/// that writes <see cref="WorkFile"/>, then a final message) and review/audit turns (a passing verdict block), or a failure.
/// </summary>
public sealed class FakeModelApi : IAsyncDisposable
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

    /// <summary>The file the implementer's tool call writes (absolute).</summary>
    public string WorkFile { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request: method, path and body, for assertions and for reading what a CLI sends.</summary>
    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    /// <summary>The turns served, in order: WriteFile, ImplementDone, Verdict or Chatter.</summary>
    public ConcurrentQueue<string> Served { get; } = new();

    /// <summary>When the first scripted failure was served: the clock a recording of its answer is replayed at.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>The usage-limit reset the failure named, if it named one.</summary>
    public DateTimeOffset? ResetsAt { get; private set; }

    public const string WorkText = "Hello from the fake model.";

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
            return;
        }

        var turn = Decide(body);
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
                await AnthropicAsync(http, turn, streamed);
                break;
            case Wire.OpenAi:
                await OpenAiAsync(http, turn, body);
                break;
            default:
                await GeminiAsync(http, turn, streamed);
                break;
        }
    }

    /// <summary>The scripted failures; true when one was served.</summary>
    private async Task<bool> FailAsync(HttpContext http, Wire wire)
    {
        if (Mode != FakeModelMode.Work)
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
            case FakeModelMode.UsageLimitDaysAhead or FakeModelMode.UsageLimitThisMinute:
                ResetsAt ??= Mode == FakeModelMode.UsageLimitDaysAhead ? TenPastMidnight(FailedAt!.Value, days: 3) : LastSecondOfMinute(FailedAt!.Value);
                await Error(http, 429, wire, "rate_limit_error", "You've hit your usage limit.", "RESOURCE_EXHAUSTED", ResetsAt);
                return true;
            case FakeModelMode.BillingDisabled:
                await Error(http, 403, wire, "permission_error",
                    "This API method requires billing to be enabled. Please enable billing on project #1234 by visiting https://console.developers.google.com/billing/enable?project=1234 then retry.",
                    "PERMISSION_DENIED");
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
        status == 403 ? new JsonArray(new JsonObject
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

    private Turn Decide(string body)
    {
        // Each phase is a fresh session: once a tool result came back, the turn ends with its final message.
        var toolResultSeen = body.Contains("\"tool_result\"", StringComparison.Ordinal)
            || body.Contains("\"function_call_output\"", StringComparison.Ordinal)
            || body.Contains("\"functionResponse\"", StringComparison.Ordinal);
        var implementer = body.Contains("You are the implementer", StringComparison.Ordinal);
        var hasTools = body.Contains("\"tools\"", StringComparison.Ordinal);
        if (!body.Contains("autonomous Run Mode sprint", StringComparison.Ordinal) || !hasTools)
        {
            return Turn.Chatter; // a CLI's side request (titles, summaries, checks)
        }

        return implementer ? (toolResultSeen ? Turn.ImplementDone : Turn.WriteFile) : Turn.Verdict;
    }

    private string FinalText(Turn turn) => turn switch
    {
        Turn.ImplementDone => $"Implemented: wrote {Path.GetFileName(WorkFile)}.",
        Turn.Verdict => "The change meets the sprint.\n\n```json\n{\"verdict\": \"pass\", \"findings\": []}\n```",
        _ => "ok",
    };

    private async Task AnthropicAsync(HttpContext http, Turn turn, bool streamed)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N")[..12];
        var toolId = "toolu_" + Guid.NewGuid().ToString("N")[..12];
        var input = new JsonObject { ["file_path"] = WorkFile, ["content"] = WorkText + "\n" };
        if (!streamed)
        {
            JsonNode content = turn == Turn.WriteFile
                ? new JsonObject { ["type"] = "tool_use", ["id"] = toolId, ["name"] = "Write", ["input"] = input }
                : new JsonObject { ["type"] = "text", ["text"] = FinalText(turn) };
            await WriteJson(http, new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = "claude-fake",
                ["content"] = new JsonArray(content),
                ["stop_reason"] = turn == Turn.WriteFile ? "tool_use" : "end_turn",
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
        if (turn == Turn.WriteFile)
        {
            await sse("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = toolId, ["name"] = "Write", ["input"] = new JsonObject() } });
            await sse("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = input.ToJsonString() } });
        }
        else
        {
            await sse("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            await sse("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = FinalText(turn) } });
        }

        await sse("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await sse("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = turn == Turn.WriteFile ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 20 },
        });
        await sse("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private async Task OpenAiAsync(HttpContext http, Turn turn, string body)
    {
        var id = "resp_" + Guid.NewGuid().ToString("N")[..12];
        var sse = await SseAsync(http);
        await sse("response.created", new JsonObject { ["type"] = "response.created", ["response"] = new JsonObject { ["id"] = id } });
        JsonObject item;
        if (turn == Turn.WriteFile)
        {
            // Codex's shell tool takes an argv; its name differs between versions, so take the one this request offers.
            var tool = new[] { "shell", "shell_command", "exec_command", "local_shell" }.FirstOrDefault(n => body.Contains($"\"name\":\"{n}\"", StringComparison.Ordinal)) ?? "shell";
            var script = $"printf '%s\\n' '{WorkText}' > '{WorkFile}'";
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
            var text = FinalText(turn);
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

    private async Task GeminiAsync(HttpContext http, Turn turn, bool streamed)
    {
        JsonObject part = turn == Turn.WriteFile
            ? new JsonObject { ["functionCall"] = new JsonObject { ["name"] = "write_file", ["args"] = new JsonObject { ["file_path"] = WorkFile, ["content"] = WorkText + "\n" } } }
            : new JsonObject { ["text"] = turn == Turn.Chatter ? """{"next_speaker": "user", "reasoning": "the turn is complete"}""" : FinalText(turn) };
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
    }
}
