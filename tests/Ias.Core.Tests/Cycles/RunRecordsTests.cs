using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>Run Mode's rows in ias.db: runs, the current run, and each run's phases, findings, agent calls and events.</summary>
public sealed class RunRecordsTests
{
    private static readonly DateTimeOffset T0 = Samples.Start;

    [Fact]
    public void A_saved_run_reads_back_equal_by_id_and_as_the_current_run()
    {
        using var dir = new TempDir();
        var db = dir.Combine(".run", "ias.db");
        using (var store = RunStore.Open(db))
        {
            var runs = new RunRecords(store);
            Assert.Null(runs.CurrentRun());
            runs.SaveRun(Samples.Run());
        }

        using var reopened = RunStore.Open(db);
        var again = new RunRecords(reopened);
        Samples.AssertSame(Samples.Run(), again.GetRun("run-20260119-abc123"));
        Samples.AssertSame(Samples.Run(), again.CurrentRun());
        Assert.Null(again.GetRun("run-unknown"));
    }

    [Fact]
    public void Saving_a_run_again_updates_it_and_the_last_saved_run_is_current()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var runs = new RunRecords(store);
        runs.SaveRun(Samples.Run("run-a"));
        runs.SaveRun(Samples.Run("run-b"));
        runs.SaveRun(Samples.Run("run-a") with { State = RunState.Halted, CycleHistory = [], HaltReason = null, CostUsd = 0.30000000001m });

        var a = runs.GetRun("run-a")!;
        Assert.Equal(RunState.Halted, a.State);
        Assert.Empty(a.CycleHistory);
        Assert.Null(a.HaltReason);
        Assert.Equal(0.30000000001m, a.CostUsd);
        Assert.Equal("run-a", runs.CurrentRun()!.RunId);
        Assert.Equal(RunState.JackIn, runs.GetRun("run-b")!.State);
    }

    [Fact]
    public void Phases_are_logged_from_begin_to_end_in_order()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var runs = new RunRecords(store);

        var first = runs.BeginPhase("run-a", 1, Phase.Implement, T0);
        runs.EndPhase(first, StepOutcome.Done, 0, 4, T0.AddMinutes(10));
        var second = runs.BeginPhase("run-a", 1, Phase.Review, T0.AddMinutes(10));
        runs.BeginPhase("run-b", 1, Phase.Implement, T0);

        Assert.Equal(
            [
                new PhaseRecord(first, "run-a", 1, Phase.Implement, T0, T0.AddMinutes(10), "done", 0, 4),
                new PhaseRecord(second, "run-a", 1, Phase.Review, T0.AddMinutes(10), null, null, 0, 0),
            ],
            runs.Phases("run-a"));
    }

    [Fact]
    public void Ending_a_phase_that_was_never_begun_throws()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var runs = new RunRecords(store);

        var ex = Assert.Throws<InvalidOperationException>(() => runs.EndPhase(42, StepOutcome.Done, 0, 0, T0));

        Assert.Contains("no phase with id 42", ex.Message);
    }

    [Fact]
    public void Findings_are_kept_per_run_cycle_and_phase()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var runs = new RunRecords(store);
        Finding[] review =
        [
            new("F1", "HIGH", "Null check missing", "src/a.cs", 12),
            new("F2", "LOW", "Naming", null, null),
        ];

        runs.AddFindings("run-a", 2, Phase.Review, "hash-1", review);
        runs.AddFindings("run-a", 2, Phase.Audit, "hash-2", [new("A1", "MEDIUM", "Secret in log", "src/b.cs", 3)]);

        Assert.Equal(review, runs.Findings("run-a", 2, Phase.Review));
        Assert.Single(runs.Findings("run-a", 2, Phase.Audit));
        Assert.Empty(runs.Findings("run-a", 1, Phase.Review));
    }

    [Fact]
    public void Agent_calls_round_trip()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var runs = new RunRecords(store);
        var call = new AgentCallRecord(
            "run-a", 2, Phase.Review, "reviewer", "claude", "sess-1", T0, T0.AddMinutes(3).AddTicks(7),
            0, "ok", 4, 10_000_000_000, 2_000, 0.0421m, ".run/jobs/0002-review");
        var failed = call with { SessionId = null, ExitCode = null, Outcome = "killed", CostUsd = 0m };

        runs.AddAgentCall(call);
        runs.AddAgentCall(failed);

        Assert.Equal([call, failed], runs.AgentCalls("run-a"));
        Assert.Empty(runs.AgentCalls("run-b"));
    }

    [Fact]
    public void Events_are_read_after_the_last_id_seen()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var runs = new RunRecords(store);
        runs.AddEvent("run-a", T0, "phase", "IMPLEMENT started");
        runs.AddEvent("run-b", T0, "phase", "other run");
        runs.AddEvent("run-a", T0.AddSeconds(1), "commit", "abc123 fix null check");

        var all = runs.Events("run-a");
        var later = runs.Events("run-a", all[0].Id);

        Assert.Equal(["IMPLEMENT started", "abc123 fix null check"], all.Select(e => e.Message));
        Assert.Equal(new EventRecord(all[1].Id, "run-a", T0.AddSeconds(1), "commit", "abc123 fix null check"), Assert.Single(later));
        Assert.Empty(runs.Events("run-a", all[1].Id));
    }
}
