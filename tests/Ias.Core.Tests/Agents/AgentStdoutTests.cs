using System.Text;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents;

/// <summary>The agent's stdout on its way in: the job log, redaction, parsing and the events handed on, with a real child.</summary>
public sealed class AgentStdoutTests : IDisposable
{
    private const string Init = """{"type":"system","subtype":"init","session_id":"s-1","model":"m"}""";
    private const string Result = """{"type":"result","subtype":"success","is_error":false,"result":"all done","session_id":"s-1"}""";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_line_is_in_the_job_log_by_the_time_it_is_parsed_without_waiting_for_more_output()
    {
        var go = _dir.Combine("go");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var turn = Start(
            $"cat >/dev/null\nprintf '%s\n' '{Init}'\nwhile [ ! -e '{go}' ]; do sleep 0.01; done\nprintf '%s\n' '{Result}'",
            e =>
            {
                if (e is SessionStarted)
                {
                    started.TrySetResult();
                }

                return ValueTask.CompletedTask;
            });

        // The init line was written and parsed from the log; the agent now prints nothing until it is told to go on.
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Init + "\n", ReadLog(turn.JobDir));

        await File.WriteAllTextAsync(go, "");
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(response.Success);
        Assert.Equal(Init + "\n" + Result + "\n", ReadLog(turn.JobDir));
    }

    [Fact]
    public async Task A_slow_event_handler_does_not_hold_up_the_agent_and_still_gets_every_event_in_order()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var texts = new List<string>();
        var logPath = _dir.Combine("stdout.jsonl");
        var redactor = SecretRedactor.ForChild(new Dictionary<string, string>());
        using var log = new StreamLog(logPath);
        await using var stdout = new AgentStdout(log, logPath, redactor.ForStream(), redactor, new ClaudeStreamParser(TimeProvider.System), async e =>
        {
            // The handler is stuck (a busy database, say) until the agent has written everything.
            await release.Task;
            if (e is AssistantText t)
            {
                texts.Add(t.Text);
            }
        });

        // The pipe's reads go in while the handler is stuck: each call returns without waiting for the parser.
        for (var i = 1; i <= 5000; i++)
        {
            stdout.Line(Encoding.UTF8.GetBytes($$$"""{"type":"assistant","message":{"id":"m{{{i}}}","content":[{"type":"text","text":"line {{{i}}}"}]}}"""));
            if (i % 100 == 0)
            {
                await stdout.ReadEndAsync();
            }
        }

        stdout.Line(Encoding.UTF8.GetBytes(Result));
        await stdout.ReadEndAsync();
        var completed = stdout.CompleteAsync();

        Assert.EndsWith(Result + "\n", File.ReadAllText(logPath), StringComparison.Ordinal);
        Assert.Empty(texts);
        Assert.False(completed.IsCompleted);
        release.SetResult();

        await completed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => $"line {i}"), texts);
        Assert.True(stdout.Final?.Success);
    }

    [Fact]
    public async Task Thousands_of_lines_over_many_reads_come_out_as_events_in_their_order_and_whole_in_the_log()
    {
        var events = new List<AgentEvent>();
        var awk = """awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "{\"type\":\"assistant\",\"message\":{\"id\":\"m%d\",\"content\":[{\"type\":\"text\",\"text\":\"line %d\"}]}}\n", i / 7, i }'""";

        var turn = Start($"cat >/dev/null\nprintf '%s\n' '{Init}'\n{awk}\nprintf '%s\n' '{Result}'", e =>
        {
            events.Add(e);
            return ValueTask.CompletedTask;
        });
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(response.Success);
        Assert.Equal(20000 / 7 + 1, response.ApiCalls);
        Assert.IsType<SessionStarted>(events[0]);
        Assert.Equal(Enumerable.Range(1, 20000).Select(i => $"line {i}"), events.OfType<AssistantText>().Select(t => t.Text));
        Assert.IsType<FinalResult>(events[^1]);
        Assert.Equal(20002, ReadLog(turn.JobDir).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_line_of_several_megabytes_is_one_event_and_one_line_of_the_log()
    {
        var texts = new List<string>();
        var huge = """printf '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"'; head -c 3145728 /dev/zero | tr '\0' x; printf '"}]}}\n'""";

        var turn = Start($"cat >/dev/null\n{huge}\nprintf '%s\n' '{Result}'", e =>
        {
            if (e is AssistantText t)
            {
                texts.Add(t.Text);
            }

            return ValueTask.CompletedTask;
        });
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(response.Success);
        var text = Assert.Single(texts);
        Assert.Equal(3 * 1024 * 1024, text.Length);
        Assert.Equal(2, ReadLog(turn.JobDir).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_logged_and_read_as_replacement_characters()
    {
        var texts = new List<string>();
        var bad = """printf '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"caf\351 \377"}]}}\n'""";

        var turn = Start($"cat >/dev/null\n{bad}\nprintf '%s\n' '{Result}'", e =>
        {
            if (e is AssistantText t)
            {
                texts.Add(t.Text);
            }

            return ValueTask.CompletedTask;
        });
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(response.Success);
        Assert.Equal(["caf\uFFFD \uFFFD"], texts);
        Assert.Contains("\"text\":\"caf\uFFFD \uFFFD\"", ReadLog(turn.JobDir));
    }

    /// <summary>
    /// Half of a surrogate pair written as a JSON escape (JSON.stringify writes one from a string cut mid-emoji) is read as a
    /// replacement character, as a bad UTF-8 byte is; a whole pair stays its character, and the log keeps the line as written.
    /// </summary>
    [Fact]
    public async Task A_JSON_escape_of_half_a_surrogate_pair_is_read_as_a_replacement_character()
    {
        var texts = new List<string>();
        var half = """printf '%s\n' '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"cut \ud83d, low \uDE00, whole \ud83d\ude00, escaped \\ud83d"}]}}'""";

        var turn = Start($"cat >/dev/null\n{half}\nprintf '%s\n' '{Result}'", e =>
        {
            if (e is AssistantText t)
            {
                texts.Add(t.Text);
            }

            return ValueTask.CompletedTask;
        });
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(response.Success, response.Detail);
        Assert.Equal(["cut \uFFFD, low \uFFFD, whole \U0001F600, escaped \\ud83d"], texts);
        Assert.Contains("\"text\":\"cut \\ud83d, low \\uDE00,", ReadLog(turn.JobDir));
    }

    [Fact]
    public async Task A_result_on_a_last_line_without_a_newline_ends_the_turn_with_its_text()
    {
        var turn = Start($"cat >/dev/null\nprintf '%s\n' '{Init}'\nprintf '%s' '{Result}'", _ => ValueTask.CompletedTask);
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(response.Success);
        Assert.Equal("all done", response.FinalText);
        Assert.Equal("s-1", response.SessionId);
        Assert.Equal(Init + "\n" + Result + "\n", ReadLog(turn.JobDir));
    }

    [Fact]
    public async Task Secrets_are_redacted_before_the_log_and_the_events_see_them_plain_escaped_or_over_many_lines()
    {
        const string key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz";
        var texts = new List<string>();
        var script = $$$"""
            cat >/dev/null
            printf '%s\n' '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"key {{{key}}} here"}]}}'
            printf '%s\n' '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"escaped \u0041KIAABCDEFGHIJKLMNOP end"}]}}'
            printf '%s\n' '-----BEGIN RSA PRIVATE KEY-----'
            printf '%s\n' 'MIIEowIBAAKCAQEAtopsecretbase64body'
            printf '%s\n' '-----END RSA PRIVATE KEY-----'
            printf '%s\n' '{{{Result}}}'
            """;

        var turn = Start(script, e =>
        {
            if (e is AssistantText or Unparsed)
            {
                texts.Add(e is AssistantText t ? t.Text : ((Unparsed)e).Line);
            }

            return ValueTask.CompletedTask;
        });
        var response = await turn.Response.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(response.Success);
        var log = ReadLog(turn.JobDir);
        Assert.DoesNotContain("abcdefghijklmnop", log);
        Assert.DoesNotContain("topsecret", log);
        Assert.Contains("key [REDACTED] here", log);
        Assert.Equal(["key [REDACTED] here", "escaped [REDACTED] end", "[REDACTED]", "[REDACTED]", "[REDACTED]"], texts);
    }

    private static string ReadLog(string jobDir)
    {
        using var fs = new FileStream(Path.Combine(jobDir, "stdout.jsonl"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(fs, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private (string JobDir, Task<AgentResponse> Response) Start(string body, Func<AgentEvent, ValueTask> onEvent)
    {
        var repo = _dir.Combine("repo");
        Directory.CreateDirectory(repo);
        var bin = _dir.Combine("bin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(bin);
        var script = Path.Combine(bin, "claude");
        File.WriteAllText(script, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var invoker = new CliAgentInvoker(new ProcessRunner(TimeProvider.System), new AgentLaunch("ias", []), repo, new AgentRecord(_dir.Combine("agent.pid")))
        {
            // A key stands for a login, so no `claude auth status` runs before the scripted claude.
            AgentEnvironment = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "test-key-0123456789" },
        };
        var settings = AgentSettings.Defaults with { Agent = AgentAdapters.Builtin.Find("claude")!.Kind, Command = script, TurnTimeout = TimeSpan.FromSeconds(60) };
        var jobDir = _dir.Combine("job-" + Guid.NewGuid().ToString("N")[..8]);
        var request = new AgentRequest(Role.Implementer, "IMPLEMENT", 1, "sprint-1", "do it\n", settings, jobDir);
        return (jobDir, invoker.InvokeAsync(request, onEvent, CancellationToken.None));
    }
}
