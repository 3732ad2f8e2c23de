using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Storage;

public sealed class RunStoreTests
{
    private static readonly DateTimeOffset T0 = Samples.Start;

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
        var (runs, safety) = (new RunRecords(store), new SafetyStore(store));

        Assert.Throws<InvalidOperationException>(() => store.Transaction(() =>
        {
            runs.SaveRun(Samples.Run());
            safety.SaveBreaker("run-20260119-abc123", Samples.Breaker());
            throw new InvalidOperationException("engine crashed mid-save");
        }));

        Assert.Null(runs.CurrentRun());
        Assert.Null(safety.LoadBreaker("run-20260119-abc123"));
    }

    [Fact]
    public void A_transaction_commits_all_its_saves_together()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using var store = RunStore.Open(db);
        using var other = RunStore.Open(db);
        var (runs, safety) = (new RunRecords(store), new SafetyStore(store));

        store.Transaction(() =>
        {
            runs.SaveRun(Samples.Run());
            safety.SaveBreaker("run-20260119-abc123", Samples.Breaker());
            runs.AddEvent("run-20260119-abc123", T0, "state", "RUNNING");
        });

        Samples.AssertSame(Samples.Run(), new RunRecords(other).CurrentRun());
        Samples.AssertSame(Samples.Breaker(), new SafetyStore(other).LoadBreaker("run-20260119-abc123"));
        Assert.Single(new RunRecords(other).Events("run-20260119-abc123"));
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
        Assert.Equal(9L, Scalar(probe, "PRAGMA user_version;"));
    }

    /// <summary>Every feature adds its own tables, and together they are exactly schema 9, so a new file and a migrated one read the same.</summary>
    [Fact]
    public void A_new_database_has_every_table_column_and_index_of_schema_9()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using var store = RunStore.Open(db);

        using var probe = new SqliteConnection($"Data Source={db};Pooling=False");
        probe.Open();
        Assert.Equal(
            [
                "agent_calls(run_id TEXT NOT NULL, cycle INTEGER NOT NULL, phase TEXT NOT NULL, role TEXT NOT NULL, agent TEXT NOT NULL, session_id TEXT, started TEXT NOT NULL, ended TEXT NOT NULL, exit_code INTEGER, outcome TEXT NOT NULL, calls INTEGER NOT NULL, tokens_in INTEGER NOT NULL, tokens_out INTEGER NOT NULL, cost_usd TEXT NOT NULL, job_dir TEXT NOT NULL)",
                "breaker(run_id TEXT PK, snapshot TEXT NOT NULL)",
                "calls_in_flight(run_id TEXT NOT NULL PK, pid INTEGER NOT NULL PK)",
                "control_requests(id INTEGER PK, at TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT, force INTEGER NOT NULL, reset_ice INTEGER NOT NULL, taken_at TEXT, taken_by TEXT, lane TEXT)",
                "decisions(seq INTEGER PK, run TEXT NOT NULL, job TEXT NOT NULL, phase TEXT NOT NULL, cycle INTEGER NOT NULL, role TEXT NOT NULL, session_id TEXT, question TEXT NOT NULL, asked TEXT NOT NULL, answer TEXT, answered TEXT, delivered TEXT)",
                "events(id INTEGER PK, run_id TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL)",
                "findings(run_id TEXT NOT NULL, cycle INTEGER NOT NULL, phase TEXT NOT NULL, id TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL, file TEXT, line INTEGER, hash TEXT NOT NULL)",
                "meta(key TEXT PK, value TEXT NOT NULL)",
                "phases(id INTEGER PK, run_id TEXT NOT NULL, cycle INTEGER NOT NULL, phase TEXT NOT NULL, started TEXT NOT NULL, ended TEXT, outcome TEXT, findings INTEGER NOT NULL DEFAULT 0, files_changed INTEGER NOT NULL DEFAULT 0)",
                "rate_limit(id INTEGER PK, snapshot TEXT NOT NULL)",
                "run_inputs(owner TEXT NOT NULL PK, path TEXT NOT NULL PK, content TEXT, taken TEXT NOT NULL)",
                "runs(run_id TEXT PK, target TEXT NOT NULL, branch TEXT NOT NULL, state TEXT NOT NULL, phase TEXT NOT NULL, started TEXT NOT NULL, last_activity TEXT NOT NULL, cycle_current INTEGER NOT NULL, cycle_limit INTEGER NOT NULL, cycle_history TEXT NOT NULL, files_changed INTEGER NOT NULL, commits INTEGER NOT NULL, findings_fixed INTEGER NOT NULL, options TEXT NOT NULL, halt_reason TEXT, resume_phase TEXT, tokens_in INTEGER NOT NULL, tokens_out INTEGER NOT NULL, cost_usd TEXT NOT NULL, pushed INTEGER NOT NULL DEFAULT 0, pr_created INTEGER NOT NULL DEFAULT 0, pr_url TEXT, red_team_code TEXT, not_published TEXT)",
                "usage_parked(agent TEXT PK, until TEXT NOT NULL)",
                "index agent_calls_by_run on agent_calls",
                "index control_pending on control_requests",
                "index decisions_by_run on decisions",
                "index events_by_run on events",
                "index findings_by_step on findings",
                "index phases_by_run on phases",
            ],
            Schema(probe));
    }

    [Fact]
    public void A_schema_6_database_gains_the_table_of_parked_clis_and_parks_in_it()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "DROP TABLE usage_parked; PRAGMA user_version=6;");
        var until = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        using var store = RunStore.Open(db);
        var safety = new SafetyStore(store);
        safety.Park("claude", until, until.AddHours(-1));
        safety.Park("claude", until.AddMinutes(-30), until.AddHours(-1)); // an earlier reset met later never shortens the park

        Assert.Equal(until, safety.Parked("claude", until.AddHours(-1))?.Until);
        Assert.Null(safety.Parked("claude", until));
        Assert.Null(safety.Parked("codex", until.AddHours(-1)));
    }

    [Fact]
    public void A_schema_7_database_gains_the_lane_of_each_control_request_and_each_lane_takes_only_its_own()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "INSERT INTO control_requests (at, kind, force, reset_ice) VALUES ('2026-11-29T10:00:00Z', 'HALT', 0, 0); PRAGMA user_version=7;");

        using var store = RunStore.Open(db);
        var beside = store.RequestControl(ControlKind.Halt, T0, "only sprint-2", lane: "feature-sprint-2");

        Assert.Equal(beside, store.TakeControl("engine of sprint-2", T0, "feature-sprint-2")?.Id);
        Assert.Null(store.TakeControl("engine of sprint-2", T0, "feature-sprint-2"));
        Assert.Equal(ControlKind.Halt, store.TakeControl("engine of .run/", T0)?.Kind); // the old request was `.run/`'s
        Assert.Empty(store.PendingControls());
    }

    [Fact]
    public void A_schema_8_database_gains_the_table_of_calls_at_work_and_counts_each_other_runs_call_in_it()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "PRAGMA user_version=8;");

        using var store = RunStore.Open(db);
        var safety = new SafetyStore(store);
        safety.CallStarted("run-a");
        safety.CallStarted("queue:night");

        Assert.Equal((1, 1, 2), (safety.CallsBeside("run-a"), safety.CallsBeside("queue:night"), safety.CallsBeside("bug-7")));
        safety.CallEnded("run-a");
        Assert.Equal((1, 0), (safety.CallsBeside("run-a"), safety.CallsBeside("queue:night")));
    }

    /// <summary>A part is declared beside its feature rather than found by scanning types; one left undeclared would lose its tables.</summary>
    [Fact]
    public void Every_schema_part_of_the_engine_is_declared_and_built_once()
    {
        var defined = typeof(SchemaPart).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SchemaPart)) && !t.IsAbstract)
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(defined, RunStore.Parts.Select(p => p.GetType().FullName));
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
            Scalar(raw, "PRAGMA user_version=10;");
        }

        var ex = Assert.Throws<StateFileException>(() => RunStore.Open(db));

        Assert.Contains("newer ias (schema 10", ex.Message);
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

    /// <summary>Each table with its columns (name, type, NOT NULL, default, key), then each index, in name order.</summary>
    private static List<string> Schema(SqliteConnection connection)
    {
        var tables = Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;", r => r.GetString(0));
        var described = tables.Select(t => $"{t}({string.Join(", ", Rows(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{t}') ORDER BY cid;", r =>
            $"{r.GetString(0)} {r.GetString(1)}{(r.GetInt64(2) == 1 ? " NOT NULL" : "")}{(r.IsDBNull(3) ? "" : $" DEFAULT {r.GetString(3)}")}{(r.GetInt64(4) > 0 ? " PK" : "")}"))})");
        var indexes = Rows(connection, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name;", r => $"index {r.GetString(0)} on {r.GetString(1)}");
        return [.. described, .. indexes];
    }

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
