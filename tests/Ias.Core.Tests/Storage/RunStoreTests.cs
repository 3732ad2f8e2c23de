using Ias.Core.Cycles;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Storage;

public sealed class RunStoreTests
{
    private static readonly DateTimeOffset T0 = Samples.Start;

    [Fact]
    public void A_saved_run_reads_back_equal_by_id_and_as_the_current_run()
    {
        using var dir = new TempDir();
        var db = dir.Combine(".run", "ias.db");
        using (var store = RunStore.Open(db))
        {
            Assert.Null(store.CurrentRun());
            store.SaveRun(Samples.Run());
        }

        using var reopened = RunStore.Open(db);
        Samples.AssertSame(Samples.Run(), reopened.GetRun("run-20260119-abc123"));
        Samples.AssertSame(Samples.Run(), reopened.CurrentRun());
        Assert.Null(reopened.GetRun("run-unknown"));
    }

    [Fact]
    public void Saving_a_run_again_updates_it_and_the_last_saved_run_is_current()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        store.SaveRun(Samples.Run("run-a"));
        store.SaveRun(Samples.Run("run-b"));
        store.SaveRun(Samples.Run("run-a") with { State = RunState.Halted, CycleHistory = [], HaltReason = null, CostUsd = 0.30000000001m });

        var a = store.GetRun("run-a")!;
        Assert.Equal(RunState.Halted, a.State);
        Assert.Empty(a.CycleHistory);
        Assert.Null(a.HaltReason);
        Assert.Equal(0.30000000001m, a.CostUsd);
        Assert.Equal("run-a", store.CurrentRun()!.RunId);
        Assert.Equal(RunState.JackIn, store.GetRun("run-b")!.State);
    }

    [Fact]
    public void Breaker_and_rate_limit_snapshots_round_trip()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        Assert.Null(store.LoadBreaker("run-a"));
        Assert.Null(store.LoadRateLimit());

        store.SaveBreaker("run-a", Samples.Breaker() with { SameIssueCount = 0 });
        store.SaveBreaker("run-a", Samples.Breaker());
        store.SaveRateLimit(Samples.RateLimit() with { CallsThisHour = 1 });
        store.SaveRateLimit(Samples.RateLimit());

        Samples.AssertSame(Samples.Breaker(), store.LoadBreaker("run-a"));
        Assert.Null(store.LoadBreaker("run-b"));
        Assert.Equal(Samples.RateLimit(), store.LoadRateLimit());
    }

    [Fact]
    public void Phases_are_logged_from_begin_to_end_in_order()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));

        var first = store.BeginPhase("run-a", 1, Phase.Implement, T0);
        store.EndPhase(first, "implemented", 0, 4, T0.AddMinutes(10));
        var second = store.BeginPhase("run-a", 1, Phase.Review, T0.AddMinutes(10));
        store.BeginPhase("run-b", 1, Phase.Implement, T0);

        Assert.Equal(
            [
                new PhaseRecord(first, "run-a", 1, Phase.Implement, T0, T0.AddMinutes(10), "implemented", 0, 4),
                new PhaseRecord(second, "run-a", 1, Phase.Review, T0.AddMinutes(10), null, null, 0, 0),
            ],
            store.Phases("run-a"));
    }

    [Fact]
    public void Ending_a_phase_that_was_never_begun_throws()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));

        var ex = Assert.Throws<InvalidOperationException>(() => store.EndPhase(42, "x", 0, 0, T0));

        Assert.Contains("no phase with id 42", ex.Message);
    }

    [Fact]
    public void Findings_are_kept_per_run_cycle_and_phase()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        Finding[] review =
        [
            new("F1", "HIGH", "Null check missing", "src/a.cs", 12),
            new("F2", "LOW", "Naming", null, null),
        ];

        store.AddFindings("run-a", 2, Phase.Review, "hash-1", review);
        store.AddFindings("run-a", 2, Phase.Audit, "hash-2", [new("A1", "MEDIUM", "Secret in log", "src/b.cs", 3)]);

        Assert.Equal(review, store.Findings("run-a", 2, Phase.Review));
        Assert.Single(store.Findings("run-a", 2, Phase.Audit));
        Assert.Empty(store.Findings("run-a", 1, Phase.Review));
    }

    [Fact]
    public void Agent_calls_round_trip()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var call = new AgentCallRecord(
            "run-a", 2, Phase.Review, "reviewer", "claude", "sess-1", T0, T0.AddMinutes(3).AddTicks(7),
            0, "ok", 4, 10_000_000_000, 2_000, 0.0421m, ".run/jobs/0002-review");
        var failed = call with { SessionId = null, ExitCode = null, Outcome = "killed", CostUsd = 0m };

        store.AddAgentCall(call);
        store.AddAgentCall(failed);

        Assert.Equal([call, failed], store.AgentCalls("run-a"));
        Assert.Empty(store.AgentCalls("run-b"));
    }

    [Fact]
    public void Events_are_read_after_the_last_id_seen()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        store.AddEvent("run-a", T0, "phase", "IMPLEMENT started");
        store.AddEvent("run-b", T0, "phase", "other run");
        store.AddEvent("run-a", T0.AddSeconds(1), "commit", "abc123 fix null check");

        var all = store.Events("run-a");
        var later = store.Events("run-a", all[0].Id);

        Assert.Equal(["IMPLEMENT started", "abc123 fix null check"], all.Select(e => e.Message));
        Assert.Equal(new EventRecord(all[1].Id, "run-a", T0.AddSeconds(1), "commit", "abc123 fix null check"), Assert.Single(later));
        Assert.Empty(store.Events("run-a", all[1].Id));
    }

    [Fact]
    public void A_control_request_from_another_process_is_taken_exactly_once()
    {
        using var dir = new TempDir();
        var db = dir.Combine(".run", "ias.db");
        using var engine = RunStore.Open(db);
        using var haltCommand = RunStore.Open(db);

        var id = haltCommand.RequestControl(ControlKind.Halt, T0, "going home", force: true);

        Assert.Equal([new ControlRequest(id, ControlKind.Halt, T0, "going home", true, false)], engine.PendingControls());
        Assert.Equal(new ControlRequest(id, ControlKind.Halt, T0, "going home", true, false), engine.TakeControl("engine-1", T0.AddSeconds(1)));
        Assert.Null(engine.TakeControl("engine-1", T0.AddSeconds(2)));
        Assert.Null(haltCommand.TakeControl("engine-2", T0.AddSeconds(2)));
        Assert.Empty(haltCommand.PendingControls());
    }

    [Fact]
    public void Requests_are_taken_oldest_first()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        store.RequestControl(ControlKind.Halt, T0);
        store.RequestControl(ControlKind.Resume, T0.AddSeconds(1), resetIce: true);

        Assert.Equal(ControlKind.Halt, store.TakeControl("e", T0)!.Kind);
        var resume = store.TakeControl("e", T0)!;
        Assert.Equal(ControlKind.Resume, resume.Kind);
        Assert.True(resume.ResetIce);
        Assert.Null(resume.Reason);
    }

    [Fact]
    public async Task Two_stores_taking_concurrently_never_take_the_same_request()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using var a = RunStore.Open(db);
        using var b = RunStore.Open(db);
        const int count = 40;
        for (var i = 0; i < count; i++)
        {
            a.RequestControl(ControlKind.Halt, T0, $"r{i}");
        }

        List<long> Drain(RunStore store, string name)
        {
            var ids = new List<long>();
            while (store.TakeControl(name, T0) is { } r)
            {
                ids.Add(r.Id);
            }

            return ids;
        }

        var both = await Task.WhenAll(Task.Run(() => Drain(a, "a")), Task.Run(() => Drain(b, "b")))
            .WaitAsync(TimeSpan.FromSeconds(30));

        var taken = both[0].Concat(both[1]).ToList();
        Assert.Equal(count, taken.Count);
        Assert.Equal(count, taken.Distinct().Count());
    }

    [Fact]
    public void A_failing_transaction_saves_nothing()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));

        Assert.Throws<InvalidOperationException>(() => store.Transaction(() =>
        {
            store.SaveRun(Samples.Run());
            store.SaveBreaker("run-20260119-abc123", Samples.Breaker());
            throw new InvalidOperationException("engine crashed mid-save");
        }));

        Assert.Null(store.CurrentRun());
        Assert.Null(store.LoadBreaker("run-20260119-abc123"));
    }

    [Fact]
    public void A_transaction_commits_all_its_saves_together()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using var store = RunStore.Open(db);
        using var other = RunStore.Open(db);

        store.Transaction(() =>
        {
            store.SaveRun(Samples.Run());
            store.SaveBreaker("run-20260119-abc123", Samples.Breaker());
            store.AddEvent("run-20260119-abc123", T0, "state", "RUNNING");
        });

        Samples.AssertSame(Samples.Run(), other.CurrentRun());
        Samples.AssertSame(Samples.Breaker(), other.LoadBreaker("run-20260119-abc123"));
        Assert.Single(other.Events("run-20260119-abc123"));
    }

    [Fact]
    public void The_database_runs_in_wal_mode_with_a_schema_version()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using var store = RunStore.Open(db);

        using var probe = new SqliteConnection($"Data Source={db};Pooling=False");
        probe.Open();
        Assert.Equal("wal", Scalar(probe, "PRAGMA journal_mode;"));
        Assert.Equal(2L, Scalar(probe, "PRAGMA user_version;"));
    }

    [Fact]
    public void A_garbage_database_file_is_reported_with_its_path_and_left_unchanged()
    {
        using var dir = new TempDir();
        var db = dir.Combine(".run", "ias.db");
        Directory.CreateDirectory(dir.Combine(".run"));
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 251)).ToArray();
        File.WriteAllBytes(db, garbage);

        var ex = Assert.Throws<StateFileException>(() => RunStore.Open(db));

        Assert.StartsWith($"{db}: not a usable ias database (", ex.Message);
        Assert.Contains("move it aside", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(garbage, File.ReadAllBytes(db));
    }

    [Fact]
    public void A_database_from_a_newer_ias_is_refused()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using (var raw = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            raw.Open();
            Scalar(raw, "PRAGMA user_version=7;");
        }

        var ex = Assert.Throws<StateFileException>(() => RunStore.Open(db));

        Assert.Contains("newer ias (schema 7", ex.Message);
    }

    [Fact]
    public void A_sqlite_database_that_is_not_ours_is_refused()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using (var raw = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            raw.Open();
            Scalar(raw, "CREATE TABLE runs (x INTEGER);");
        }

        var ex = Assert.Throws<StateFileException>(() => RunStore.Open(db));

        Assert.Contains("not a usable ias database", ex.Message);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
