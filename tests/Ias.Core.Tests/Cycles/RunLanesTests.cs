using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>Which lane a run's own files go in, so several runs work in one repository at once.</summary>
public sealed class RunLanesTests
{
    [Fact]
    public void A_lane_keeps_the_runs_own_files_beside_run_and_shares_the_database_and_the_queue()
    {
        var repo = new RunPaths("/r");
        var lane = repo.InLane(RunPaths.LaneOf("feature/sprint-2"));

        Assert.Equal("/r/.run/lanes/feature-sprint-2", lane.LaneDir);
        Assert.Equal(
            ["/r/.run/lanes/feature-sprint-2/state.json", "/r/.run/lanes/feature-sprint-2/circuit-breaker.json", "/r/.run/lanes/feature-sprint-2/rate-limit.json",
             "/r/.run/lanes/feature-sprint-2/engine.lock", "/r/.run/lanes/feature-sprint-2/agent.pid"],
            [lane.State, lane.CircuitBreaker, lane.RateLimit, lane.EngineLock, lane.AgentPid]);
        Assert.Equal([repo.Database, repo.JobsDir, repo.BugsDir, repo.EngineLog], [lane.Database, lane.JobsDir, lane.BugsDir, lane.EngineLog]);
        Assert.Equal("/r/.run/state.json", lane.InLane(null).State);
    }

    [Fact]
    public void The_first_run_goes_in_run_and_a_run_beside_it_in_its_branchs_lane()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);

        using var first = RunLanes.Take(repo, "feature/sprint-1", "engine one", out var one);
        using var second = RunLanes.Take(repo, "feature/sprint-2", "engine two", out var two);

        Assert.Null(one.Lane);
        Assert.Equal("feature-sprint-2", two.Lane);
        Assert.Equal([null, "feature-sprint-2"], repo.Lanes().Select(l => l.Lane));
    }

    [Fact]
    public void A_second_run_on_a_branch_whose_run_is_at_work_is_refused_naming_it()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);
        using var first = RunLanes.Take(repo, "feature/sprint-1", "engine one", out _);
        using var beside = RunLanes.Take(repo, "feature/sprint-2", "pid 7 on box", out _);
        Record(repo, "feature-sprint-2", Samples.Run("run-2") with { Target = "sprint-2", Branch = "feature/sprint-2", State = RunState.Running });

        var refused = Assert.Throws<RunModeException>(() => RunLanes.Take(repo, "feature/sprint-2", "engine three", out _));

        Assert.Equal("a run already works on feature/sprint-2 (pid 7 on box): watch it with `ias run-status --run feature/sprint-2`, stop it with `ias run-halt --run feature/sprint-2`", refused.Message);
    }

    [Fact]
    public void A_run_left_halted_in_run_keeps_it_for_its_resume_and_a_new_branchs_run_goes_beside()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);
        Record(repo, null, Samples.Run("run-1") with { State = RunState.Halted });

        Assert.Null(RunLanes.ForStart(repo, "feature/sprint-1").Lane); // the halted run's own branch: its refusals stay in .run/
        Assert.Equal("feature-sprint-2", RunLanes.ForStart(repo, "feature/sprint-2").Lane);
        Record(repo, null, Samples.Run("run-1") with { State = RunState.JackedOut });
        Assert.Null(RunLanes.ForStart(repo, "feature/sprint-2").Lane);
    }

    [Fact]
    public void A_command_on_one_run_takes_the_one_at_work_or_the_one_named_and_refuses_to_guess_between_two()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);
        Assert.Null(RunLanes.Pick(repo, null, "run-halt").Lane);
        Record(repo, null, Samples.Run("run-1") with { State = RunState.ReadyForHitl });
        Record(repo, "feature-sprint-2", Samples.Run("run-2") with { Target = "sprint-2", Branch = "feature/sprint-2", State = RunState.Halted });
        Assert.Equal("feature-sprint-2", RunLanes.Pick(repo, null, "run-resume").Lane);

        Record(repo, "feature-sprint-3", Samples.Run("run-3") with { Target = "sprint-3", Branch = "feature/sprint-3", State = RunState.Running });
        var refused = Assert.Throws<RunModeException>(() => RunLanes.Pick(repo, null, "run-halt"));

        Assert.Equal("2 runs are at work here (sprint-2 on feature/sprint-2, sprint-3 on feature/sprint-3): name one with `ias run-halt --run BRANCH`", refused.Message);
        Assert.Equal(["feature-sprint-3", "feature-sprint-3", "feature-sprint-3", null], new[] { "feature/sprint-3", "sprint-3", "run-3", "sprint-1" }.Select(n => RunLanes.Pick(repo, n, "run-halt").Lane));
        Assert.Equal("no run in " + dir.Path + " is named sprint-9: `ias run-status` lists the runs at work, by branch", Assert.Throws<RunModeException>(() => RunLanes.Pick(repo, "sprint-9", "run-halt")).Message);
    }

    [Fact]
    public void Each_lane_has_its_own_current_run_in_the_one_database()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);
        Record(repo, null, Samples.Run("run-1"));
        Record(repo, "feature-sprint-2", Samples.Run("run-2") with { Branch = "feature/sprint-2" });

        using var store = RunStore.Open(repo.Database);
        Assert.Equal("run-1", new RunRecords(store).CurrentRunId());
        Assert.Equal("run-2", new RunRecords(store, "feature-sprint-2").CurrentRunId());
        Assert.Equal(2, new RunRecords(store).Runs().Count);
    }

    private static void Record(RunPaths repo, string? lane, RunSnapshot run)
    {
        repo.InLane(lane).EnsureCreated();
        using var store = RunStore.Open(repo.Database);
        new RunRecords(store, lane).SaveRun(run);
    }
}
