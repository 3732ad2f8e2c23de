using System.Text.Json;
using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.Core.Turns;

namespace Ias.Core.Tests.Turns;

/// <summary>
/// The agent turn in-process: a real git repository, and an agent scripted in the test that does to the checkout what a
/// real one could (write, commit, rewrite, touch a hook) while the turn watches.
/// </summary>
public sealed class AgentTurnTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private readonly GitRepo _repo = new();
    private readonly TempDir _run = new();
    private readonly ManualClock _clock = new(Now);

    public void Dispose()
    {
        _repo.Dispose();
        _run.Dispose();
    }

    private string IceLog => _run.Combine("ice.log");

    private string JobDir => _run.Combine("jobs", "1");

    [Fact]
    public async Task Prepare_writes_the_prompt_in_the_job_folder_and_hands_back_what_the_cli_check_says()
    {
        var agent = new ScriptedAgent(check: "claude is not installed: npm install -g @anthropic-ai/claude-code");
        var turn = Turn(agent);

        var noCheck = await turn.PrepareAsync(JobDir, "Do the sprint.", settings: null, CancellationToken.None).WaitAsync(TestLimit);
        var missing = await turn.PrepareAsync(JobDir, "Do it again.", AgentSettings.Defaults, CancellationToken.None).WaitAsync(TestLimit);

        Assert.Null(noCheck);
        Assert.Equal("claude is not installed: npm install -g @anthropic-ai/claude-code", missing);
        Assert.Equal("Do it again.", File.ReadAllText(Path.Combine(JobDir, "prompt.md")));
        Assert.Equal([AgentSettings.Defaults], agent.Checked);
    }

    [Fact]
    public async Task A_successful_turn_is_done_and_each_event_reaches_the_caller_in_order_and_the_turn_log()
    {
        AgentEvent[] events = [new SessionStarted("s-1", "claude-x"), new ToolCall("m1", "Read", "README.md"), new AssistantText("m2", "All read.")];
        var agent = new ScriptedAgent(async (_, onEvent) =>
        {
            foreach (var e in events)
            {
                await onEvent(e);
            }

            return Succeeded();
        });
        var seen = new List<AgentEvent>();

        var result = await Turn(agent).RunAsync(new TurnRequest(Request("reviewer")), e => { seen.Add(e); return default; }, CancellationToken.None).WaitAsync(TestLimit);

        Assert.Equal(TurnAction.Done, result.Action);
        Assert.Null(result.Refusal);
        Assert.True(result.Response!.Success);
        Assert.Equal("main", result.After!.Branch);
        Assert.Equal(events, seen);
        Assert.Equal(
            ["system\tsession s-1 · claude-x", "tool\t→ Read README.md", "assistant\tAll read."],
            File.ReadAllLines(Path.Combine(JobDir, TurnLog.FileName)).Select(l => l[(l.IndexOf('\t') + 1)..]));
    }

    [Theory]
    [InlineData(FailureClass.Transient, TurnAction.RetryWithBackoff)]
    [InlineData(FailureClass.UsageLimit, TurnAction.Park)]
    [InlineData(FailureClass.Auth, TurnAction.Halt)]
    [InlineData(FailureClass.None, TurnAction.Retry)]
    public async Task A_failed_turn_carries_the_action_its_failure_class_maps_to(FailureClass failure, TurnAction action)
    {
        var agent = new ScriptedAgent((_, _) => Task.FromResult(Succeeded() with { Success = false, Failure = failure, Detail = "failed" }));

        var result = await RunAsync(agent, "reviewer");

        Assert.Equal(action, result.Action);
        Assert.Equal(failure, result.Response!.Failure);
    }

    [Fact]
    public async Task An_implementer_may_add_commits_to_its_branch()
    {
        var agent = new ScriptedAgent((_, _) =>
        {
            _repo.Write("feature.txt", "new\n");
            _repo.Git.CommitAll("the agent's own commit");
            return Task.FromResult(Succeeded());
        });

        var result = await RunAsync(agent, "implementer");

        Assert.Equal(TurnAction.Done, result.Action);
        Assert.False(File.Exists(IceLog));
    }

    [Fact]
    public async Task A_reviewer_that_commits_is_a_breach_that_halts_the_run_and_is_written_to_the_ice_log()
    {
        var before = _repo.Git.HeadSha()!;
        var agent = new ScriptedAgent((_, _) =>
        {
            _repo.Write("sneaky.txt", "x\n");
            _repo.Git.CommitAll("a reviewer's commit");
            return Task.FromResult(Succeeded());
        });

        var result = await RunAsync(agent, "reviewer");

        Assert.Equal(TurnAction.Halt, result.Action);
        Assert.Equal(FailureClass.Breach, result.Response!.Failure);
        Assert.StartsWith("ICE: refs/heads/main moved from " + before[..7], result.Response.Detail);
        var logged = JsonDocument.Parse(File.ReadLines(IceLog).Single()).RootElement;
        Assert.Equal(["ias", "verify", "reviewer"], logged.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        Assert.EndsWith($"restore it with `git update-ref refs/heads/main {before}`", logged.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_implementer_that_rewrites_its_branch_is_a_breach()
    {
        _repo.Write("engine.txt", "the engine's commit\n");
        _repo.Git.CommitAll("the engine's commit");
        var agent = new ScriptedAgent((_, _) =>
        {
            _repo.Git.Run("reset", "--quiet", "--hard", "HEAD~1");
            return Task.FromResult(Succeeded());
        });

        var result = await RunAsync(agent, "implementer");

        Assert.Equal(TurnAction.Halt, result.Action);
        Assert.StartsWith("ICE: the implementer rewrote main", result.Response!.Detail);
    }

    [Fact]
    public async Task An_agent_that_adds_a_git_hook_is_a_breach_even_when_it_writes()
    {
        var agent = new ScriptedAgent((_, _) =>
        {
            File.WriteAllText(Path.Combine(_repo.Git.HooksDir(), "post-checkout"), "#!/bin/sh\necho hi\n");
            return Task.FromResult(Succeeded());
        });

        var result = await RunAsync(agent, "implementer");

        Assert.Equal(FailureClass.Breach, result.Response!.Failure);
        Assert.Contains("post-checkout appeared during the implementer's turn", result.Response.Detail);
        Assert.Null(result.After);
    }

    [Fact]
    public async Task A_turn_that_guards_pushes_has_ICEs_pre_push_hook_in_place_only_while_the_agent_runs_and_gives_the_users_back()
    {
        var hook = Path.Combine(_repo.Git.HooksDir(), "pre-push");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, "#!/bin/sh\n# the user's own hook\n");
        var ours = false;
        var agent = new ScriptedAgent((_, _) =>
        {
            ours = IcePrePushHook.IsOurs(hook);
            return Task.FromResult(Succeeded());
        });

        var result = await RunAsync(agent, "implementer", guardPushes: true);

        Assert.Equal(TurnAction.Done, result.Action);
        Assert.True(ours);
        Assert.Equal("#!/bin/sh\n# the user's own hook\n", File.ReadAllText(hook));
    }

    [Fact]
    public async Task A_turn_whose_pre_push_hook_cannot_go_in_place_is_refused_and_the_agent_never_starts()
    {
        var hooks = _repo.Git.HooksDir();
        Directory.CreateDirectory(hooks);
        File.WriteAllText(Path.Combine(hooks, "pre-push"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(hooks, "pre-push.ias-user"), "#!/bin/sh\n");
        var agent = new ScriptedAgent((_, _) => Task.FromResult(Succeeded()));

        var result = await RunAsync(agent, "implementer", guardPushes: true);

        Assert.Equal(TurnAction.Halt, result.Action);
        Assert.Null(result.Response);
        Assert.StartsWith("cannot install ICE's pre-push hook in " + hooks, result.Refusal);
        Assert.Equal(0, agent.Runs);
    }

    [Fact]
    public async Task A_cancelled_turn_ends_with_the_cancellation_and_takes_its_pre_push_hook_away()
    {
        using var cts = new CancellationTokenSource();
        var agent = new ScriptedAgent(async (_, _) =>
        {
            await cts.CancelAsync();
            cts.Token.ThrowIfCancellationRequested();
            return Succeeded();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Turn(agent).RunAsync(new TurnRequest(Request("implementer")) { GuardPushes = true }, _ => default, cts.Token).WaitAsync(TestLimit));

        Assert.False(File.Exists(Path.Combine(_repo.Git.HooksDir(), "pre-push")));
    }

    [Fact]
    public void Commit_gives_every_commit_and_changed_file_of_the_turn_the_agents_own_commits_included()
    {
        var turn = Turn(new ScriptedAgent((_, _) => Task.FromResult(Succeeded())));
        var before = _repo.Git.HeadSha()!;
        _repo.Write("a.txt", "by the agent\n");
        var agents = _repo.Git.CommitAll("the agent's own commit")!;
        _repo.Write("b.txt", "left uncommitted\n");

        var evidence = turn.Commit(before, "implementer: sprint-1 cycle 1");

        Assert.Equal(2, evidence.Commits.Count);
        Assert.Contains(agents, evidence.Commits);
        Assert.Equal(["a.txt", "b.txt"], evidence.ChangedFiles.Order(StringComparer.Ordinal));
        Assert.Same(TurnEvidence.None, turn.Commit(_repo.Git.HeadSha()!, "nothing more"));
    }

    [Fact]
    public void Commit_makes_the_agents_words_inert_and_redacts_secrets_before_they_reach_the_commit_message()
    {
        var turn = Turn(new ScriptedAgent((_, _) => Task.FromResult(Succeeded())));
        _repo.Write("a.txt", "change\n");

        turn.Commit(_repo.Git.HeadSha()!, "done \u001b]0;owned\u0007with ghp_abcdefghijklmnopqrstuvwxyz0123456789");

        Assert.Equal("done with [REDACTED]", _repo.Git.Run("log", "-1", "--format=%B").Trim());
    }

    private AgentTurn Turn(ScriptedAgent agent) => new(agent, _repo.Git, IceLog, _clock);

    private Task<TurnResult> RunAsync(ScriptedAgent agent, string role, bool guardPushes = false) =>
        Turn(agent).RunAsync(new TurnRequest(Request(role)) { GuardPushes = guardPushes }, _ => default, CancellationToken.None).WaitAsync(TestLimit);

    private AgentRequest Request(string role) => new(Role.Parse(role), role.ToUpperInvariant(), 1, "sprint-1", "Do the sprint.", AgentSettings.Defaults, JobDir);

    private static AgentResponse Succeeded() => new(true, FailureClass.None, "done", 0, 1, 10, 5, 0.01m, "s-1", false, null, "");

    /// <summary>An agent whose turn is a function of the test's: it runs in-process, against the real checkout.</summary>
    private sealed class ScriptedAgent(Func<AgentRequest, Func<AgentEvent, ValueTask>, Task<AgentResponse>>? turn = null, string? check = null) : IAgentInvoker
    {
        public List<AgentSettings> Checked { get; } = [];

        public int Runs { get; private set; }

        public bool Sandboxed => false;

        public string? Check(AgentSettings settings)
        {
            Checked.Add(settings);
            return check;
        }

        public string? LoginProblem(AgentSettings settings, Role role) => null;

        public void UseSandbox(SandboxConfig sandbox)
        {
        }

        public Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
        {
            Runs++;
            return (turn ?? throw new InvalidOperationException("this test's agent has no turn"))(request, onEvent);
        }
    }
}
