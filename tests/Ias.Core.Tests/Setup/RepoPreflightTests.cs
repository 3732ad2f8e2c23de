using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Scaffold;
using Ias.Core.Setup;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Setup;

/// <summary>
/// `ias preflight`'s checks on real repositories: one line a check with what to do, the agent lines in Run Mode
/// pre-flight's own words, and --fix repairing the scaffold alone, never identity or remotes.
/// </summary>
public sealed class RepoPreflightTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private string Root => _repo.Path;

    [Fact]
    public void A_repository_without_a_scaffold_fails_those_lines_only_each_saying_what_to_do_and_one_without_origin_stays_local()
    {
        using var engine = new TestEngine(Root, new CountingAgent());

        var lines = RepoPreflight.Check(engine.Context);

        Assert.Equal(
            [
                "AGENTS.md is missing: run `ias preflight --fix`",
                "CLAUDE.md is missing: run `ias preflight --fix`",
                "docs/ias/project-context.md is missing: run `ias preflight --fix`",
                "docs/ias/context/base-goal.md is missing: run `ias preflight --fix`",
                "docs/ias/process/run-protocol.md is missing: run `ias preflight --fix`",
                "docs/ias/process/quality-gates.md is missing: run `ias preflight --fix`",
                $"Run Mode is off in {Path.Combine(Root, ".loa.config.yaml")}: set run_mode.enabled: true to opt in (`ias init-repo` does it; the job queue works without it)",
            ],
            lines.Where(l => !l.Ok).Select(l => l.Text));
        Assert.All(lines.Where(l => !l.Ok), l => Assert.Equal("advice", l.Mark)); // a run starts without a scaffold
        Assert.Contains(lines, l => l.Ok && l.Text == "no git remote origin: runs stay on this machine (no push, no draft PR); `git remote add origin URL` publishes them");
        Assert.Contains(lines, l => l.Ok && l.Text == "implementer: claude is installed");
        Assert.Contains(lines, l => l.Ok && l.Text.StartsWith("the agent's box is off", StringComparison.Ordinal));
    }

    [Fact]
    public void Fix_writes_the_scaffold_says_what_it_did_and_then_only_its_placeholders_are_left_for_a_person_without_adding_origin()
    {
        var done = RepoPreflight.Fix(Root);

        using var engine = new TestEngine(Root, new CountingAgent());
        var failed = RepoPreflight.Check(engine.Context).Where(l => l.Stops).Select(l => l.Text);
        Assert.Equal(6, done.Count);
        Assert.Equal("write AGENTS.md", done[0]);
        Assert.Equal(["docs/ias/project-context.md:5 still holds the starter's placeholder <one sentence>: replace each <…> there (or delete its line)"], failed);
        Assert.False(_repo.Git.HasRemote("origin"));
        Assert.Empty(RepoPreflight.Fix(Root));
    }

    [Fact]
    public void With_the_scaffold_filled_in_Run_Mode_on_origin_and_a_name_every_check_passes_and_the_run_would_start()
    {
        ReadyForARun();
        using var origin = new TempDir();
        _repo.Git.Run("init", "--quiet", "--bare", origin.Path);
        _repo.Git.Run("remote", "add", "origin", origin.Path);
        using var engine = new TestEngine(Root, new CountingAgent());

        var lines = RepoPreflight.Check(engine.Context);

        Assert.All(lines, l => Assert.True(l.Ok, l.Text));
        Assert.Contains(lines, l => l.Text == "`ias run sprint-1` would start (implementer claude, reviewer claude, auditor claude)");
    }

    [Fact]
    public void What_only_the_runs_own_pre_flight_refuses_is_a_line_that_stops_and_one_already_named_is_not_repeated()
    {
        ReadyForARun();
        _repo.Git.SwitchTo("feature/sprint-1");
        using var engine = new TestEngine(Root, new CountingAgent());

        var stops = RepoPreflight.Check(engine.Context).Where(l => l.Stops).Select(l => l.Text);

        Assert.Equal([$"`ias run sprint-1`: feature/sprint-1 is checked out in {Root}; switch that checkout to another branch (`git switch -`) and run again: a run works in a worktree of its own"], stops);
        _repo.Git.Run("switch", "-");
        _repo.Write("docs/ias/project-context.md", "<one sentence>\n");
        _repo.Git.Run("commit", "-qam", "undo the text");
        Assert.Equal(["docs/ias/project-context.md:1 still holds the starter's placeholder <one sentence>: replace each <…> there (or delete its line)"], RepoPreflight.Check(engine.Context).Where(l => l.Stops).Select(l => l.Text));
    }

    // The scaffold written and filled in, Run Mode on, a described sprint, all committed.
    private void ReadyForARun()
    {
        RepoPreflight.Fix(Root);
        foreach (var file in ScaffoldProfile.Terminal.Files.Where(f => !f.Sectioned))
        {
            _repo.Write(file.Path, "Filled in by a person.\n");
        }

        _repo.Write(".loa.config.yaml", "run_mode:\n  enabled: true\n");
        _repo.Write("grimoires/loa/sprint.md", "## Sprint 1: greet\n\n- Task 1.1: print hello\n");
        _repo.Git.Run("add", "-A");
        _repo.Git.Run("commit", "-qm", "ready");
    }

    [Fact]
    public void An_agent_that_cannot_play_a_role_fails_its_line_in_pre_flights_words()
    {
        using var engine = new TestEngine(Root, new ShortAgent(Missing: "is not here: install it"));

        var lines = RepoPreflight.Check(engine.Context);

        Assert.Contains(new PreflightLine(false, "reviewer: claude is not here: install it"), lines);
    }

    [Fact]
    public void An_agent_logged_out_for_a_role_stops_that_roles_line_and_the_runs_own_pre_flight()
    {
        ReadyForARun();
        using var engine = new TestEngine(Root, new ShortAgent(LoggedOut: "`claude auth status` says not logged in; run `claude` once and /login"));

        var lines = RepoPreflight.Check(engine.Context);

        var reviewer = Assert.Single(lines, l => l.Text.StartsWith("reviewer: ", StringComparison.Ordinal));
        Assert.Equal(new PreflightLine(false, "reviewer: claude is not logged in: `claude auth status` says not logged in; run `claude` once and /login"), reviewer);
        Assert.True(reviewer.Stops);
        Assert.DoesNotContain(lines, l => l.Text.StartsWith("`ias run sprint-1`", StringComparison.Ordinal)); // named above, not repeated
        var run = Assert.Throws<RunModeException>(() => new RunEngine(engine.Context).Preflight(new StartRequest("sprint-1", new RunOptions(3, 1, DryRun: true), null)));
        Assert.StartsWith("claude is not logged in: `claude auth status` says not logged in", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_name_for_git_the_identity_line_says_how_to_set_one()
    {
        _repo.Git.Run("config", "user.name", "");
        using var engine = new TestEngine(Root, new CountingAgent());

        var lines = RepoPreflight.Check(engine.Context);

        Assert.Contains(new PreflightLine(false, _repo.Git.IdentityProblem()!), lines);
    }

    /// <summary>An agent whose checks fail: missing, as a CLI that is not installed is, or logged out.</summary>
    private sealed record ShortAgent(string? Missing = null, string? LoggedOut = null) : IAgentInvoker
    {
        public bool Sandboxed => false;

        public string? Check(AgentSettings settings) => Missing is null ? null : $"{settings.Agent.Name} {Missing}";

        public string? LoginProblem(AgentSettings settings, Role role) => LoggedOut;

        public void UseSandbox(SandboxConfig sandbox)
        {
        }

        public Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct) =>
            throw new InvalidOperationException("no turn is asked of an agent in pre-flight");
    }
}
