using Ias.Core.Config;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>
/// A run commits after every implement turn, so a repository git cannot commit in (no name or email) is refused at
/// pre-flight, before any turn is paid for, and no run is left behind in RUNNING.
/// </summary>
public sealed class PreflightIdentityTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    private readonly GitRepo _repo = new();
    private readonly CountingAgent _agent = new();

    public PreflightIdentityTests()
    {
        _repo.Write(ConfigLoader.FileName, "run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n");
        _repo.Write(LoaConfig.DefaultSprintPlan, "# Plan\n\n## Sprint 1: greeting\n\n- Task 1.1: add a greeting\n");
        _repo.Git.Run("add", "-A");
        _repo.Git.Run("commit", "--quiet", "-m", "config and plan");

        // An empty name overrides any global identity of the machine's (CI sets one), and git refuses to commit with it.
        _repo.Git.Run("config", "user.name", "");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task A_run_git_cannot_commit_for_is_refused_with_how_to_set_the_identity_before_any_agent_turn()
    {
        using var engine = new TestEngine(_repo.Path, _agent);
        var ctx = engine.Context;

        var refused = await Assert.ThrowsAsync<RunModeException>(() => new RunEngine(ctx).StartAsync(new StartRequest("sprint-1", new RunOptions(3, 1, Local: true), null), CancellationToken.None).WaitAsync(TestLimit));

        Assert.Contains("git config --global user.name", refused.Message, StringComparison.Ordinal);
        Assert.Contains("git config --global user.email", refused.Message, StringComparison.Ordinal);
        Assert.Contains("empty ident name", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _agent.Turns);
        Assert.Null(ctx.Runs.CurrentRun());
        Assert.False(File.Exists(ctx.Paths.State), "no state.json: the run never jacked in");
    }

    [Fact]
    public void A_dry_run_finds_the_missing_identity_as_the_run_would()
    {
        using var engine = new TestEngine(_repo.Path, _agent);

        Assert.Equal(_repo.Git.IdentityProblem(), engine.Refusal());
    }

    [Fact]
    public void With_a_name_and_email_the_same_repository_passes()
    {
        _repo.Git.Run("config", "user.name", "ias test");
        using var engine = new TestEngine(_repo.Path, _agent);

        Assert.Null(engine.Refusal());
    }
}
