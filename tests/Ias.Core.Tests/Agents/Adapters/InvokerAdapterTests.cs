using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class InvokerAdapterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_custom_command_reads_the_prompt_on_stdin_and_succeeds_by_exit_code()
    {
        var response = await Invoke("custom", Script("mine", "read line; echo \"got: $line\"; echo done"));

        Assert.True(response.Success);
        Assert.Equal("got: do it\ndone", response.FinalText);
        Assert.Equal(0, response.ExitCode);
    }

    [Fact]
    public async Task A_custom_command_that_exits_nonzero_fails_with_the_class_its_stderr_names()
    {
        var response = await Invoke("custom", Script("mine", "echo 'Error: 401 Unauthorized' >&2; exit 3"));

        Assert.False(response.Success);
        Assert.Equal(FailureClass.Auth, response.Failure);
    }

    [Fact]
    public async Task A_codex_stream_is_read_by_the_codex_parser()
    {
        var lines = string.Join("\n", Cassette.Lines("codex", "documented-success.jsonl").Select(l => $"echo '{l}'"));

        var response = await Invoke("codex", Script("codex", $"cat > /dev/null\n{lines}"));

        Assert.True(response.Success);
        Assert.Equal("Created src/feature.txt.", response.FinalText);
        Assert.Equal((24763L, 122L, 0m), (response.TokensIn, response.TokensOut, response.CostUsd));
        Assert.Equal("0199a213-81c0-7800-8aa1-bbab2a035a53", response.SessionId);
    }

    [Fact]
    public async Task Gemini_is_classified_from_its_result_not_its_exit_code()
    {
        var lines = string.Join("\n", Cassette.Lines("gemini", "documented-auth.jsonl").Select(l => $"echo '{l}'"));

        // 401 modulo 256 is 145; the code alone would say nothing about a login.
        var response = await Invoke("gemini", Script("gemini", $"cat > /dev/null\ntest \"$GEMINI_CLI_TRUST_WORKSPACE\" = true || exit 9\n{lines}\nexit 145"));

        Assert.Equal(145, response.ExitCode);
        Assert.Equal(FailureClass.Auth, response.Failure);
    }

    [Theory]
    [InlineData("recorded-no-auth")]
    [InlineData("recorded-no-api-key")]
    public async Task Gemini_that_exits_41_is_not_logged_in_and_the_detail_says_how_to_choose_an_auth_method(string cassette)
    {
        var stderr = string.Join("\n", Cassette.Lines("gemini", cassette + ".stderr").Select(l => $"echo '{l}' >&2"));

        var response = await Invoke("gemini", Script("gemini", $"cat > /dev/null\n{stderr}\nexit 41"));

        Assert.Equal((FailureClass.Auth, 41), (response.Failure, response.ExitCode));
        Assert.Contains("security.auth.selectedType", response.Detail);
        Assert.DoesNotContain('\n', response.Detail);
    }

    [Fact]
    public async Task A_cli_still_retrying_an_overloaded_api_when_its_time_runs_out_failed_transiently_not_by_hanging()
    {
        // Gemini's own backoff keeps it printing to stderr, so the idle limit never ends it; the turn's time does.
        var retry = "Attempt 1 failed with status 503. Retrying with backoff... _ApiError: {\"error\":{\"code\":503,\"message\":\"Overloaded\"}}";
        var script = Script("gemini", $"cat > /dev/null\nwhile :; do echo '{retry}' >&2; sleep 0.2; done");

        var response = await Invoke("gemini", script, TimeSpan.FromSeconds(2));

        Assert.Equal(FailureClass.Transient, response.Failure);
        Assert.StartsWith("no result within", response.Detail);
    }

    [Fact]
    public async Task A_cli_that_prints_nothing_until_its_time_runs_out_timed_out()
    {
        var response = await Invoke("gemini", Script("gemini", "cat > /dev/null\nwhile :; do sleep 0.2; done"), TimeSpan.FromSeconds(2));

        Assert.Equal(FailureClass.Timeout, response.Failure);
    }

    private async Task<AgentResponse> Invoke(string agent, string command, TimeSpan? turnTimeout = null)
    {
        var repo = _dir.Combine("repo");
        Directory.CreateDirectory(repo);
        var invoker = new CliAgentInvoker(new ProcessRunner(TimeProvider.System), new AgentLaunch("ias", []), repo, new AgentRecord(_dir.Combine("agent.pid")))
        {
            // A key, so the login check before a gemini turn lets the scripted gemini run.
            AgentEnvironment = new Dictionary<string, string> { ["GEMINI_API_KEY"] = "test-key" },
        };
        var settings = AgentSettings.Defaults with { Agent = AgentAdapters.Builtin.Find(agent)!.Kind, Command = command, TurnTimeout = turnTimeout ?? TimeSpan.FromSeconds(30) };
        var request = new AgentRequest(Role.Implementer, "IMPLEMENT", 1, "sprint-1", "do it\n", settings, _dir.Combine("job-" + Guid.NewGuid().ToString("N")[..8]));
        return await invoker.InvokeAsync(request, _ => ValueTask.CompletedTask, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private string Script(string name, string body)
    {
        var folder = _dir.Combine("bin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
