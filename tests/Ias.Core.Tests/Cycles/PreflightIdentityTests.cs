using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles;
using Ias.Core.Storage;
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
        using var store = Store();
        var ctx = Context(store);

        var refused = await Assert.ThrowsAsync<RunModeException>(() => new RunEngine(ctx).StartAsync(Request(dryRun: false), CancellationToken.None).WaitAsync(TestLimit));

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
        using var store = Store();

        var refused = Assert.Throws<RunModeException>(() => new RunEngine(Context(store)).Preflight(Request(dryRun: true)));

        Assert.Equal(_repo.Git.IdentityProblem(), refused.Message);
    }

    [Fact]
    public void With_a_name_and_email_the_same_repository_passes()
    {
        _repo.Git.Run("config", "user.name", "ias test");
        using var store = Store();

        var plan = new RunEngine(Context(store)).Preflight(Request(dryRun: true));

        Assert.Equal("sprint-1", plan.Target);
    }

    // As EngineHost opens it: .run/ made and excluded from git first, so the store is no change of the user's.
    private RunStore Store()
    {
        var paths = new RunPaths(_repo.Path);
        paths.EnsureCreated();
        return RunStore.Open(paths.Database);
    }

    private EngineContext Context(RunStore store)
    {
        var paths = new RunPaths(_repo.Path);
        var config = ConfigLoader.Load(_repo.Path, AgentAdapters.Builtin.Kinds).Config;
        return new EngineContext(_repo.Path, config, paths, store, new StateFiles(paths), _repo.Git, _agent, TimeProvider.System, _ => { }, "test");
    }

    private static StartRequest Request(bool dryRun) => new("sprint-1", new RunOptions(3, 1, DryRun: dryRun, Local: true), null);
}
