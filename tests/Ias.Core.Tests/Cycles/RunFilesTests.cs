using System.Text;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>The run's mirror under `.run/`: state.json and the safety files it adopts with it, and deleted-files.log.</summary>
public sealed class RunFilesTests
{
    [Fact]
    public void State_breaker_and_rate_limit_read_back_equal_to_what_was_written()
    {
        using var dir = new TempDir();
        var files = new Mirror(new RunPaths(dir.Path));

        files.Run.WriteState(Samples.Run());
        files.Safety.WriteBreaker(Samples.Breaker());
        files.Safety.WriteRateLimit(Samples.RateLimit());

        var fresh = new Mirror(new RunPaths(dir.Path));
        Samples.AssertSame(Samples.Run(), fresh.Run.ReadState());
        Samples.AssertSame(Samples.Breaker(), fresh.Safety.ReadBreaker());
        Assert.Equal(Samples.RateLimit(), fresh.Safety.ReadRateLimit());
    }

    [Fact]
    public void Reading_files_that_do_not_exist_returns_null()
    {
        using var dir = new TempDir();
        var files = new Mirror(new RunPaths(dir.Path));

        Assert.Null(files.Run.ReadState());
        Assert.Null(files.Safety.ReadBreaker());
        Assert.Null(files.Safety.ReadRateLimit());
        Assert.Empty(files.Run.ReadDeleted());
    }

    [Fact]
    public void Repeated_writes_leave_only_the_state_files_in_the_run_directory()
    {
        using var dir = new TempDir();
        var files = new Mirror(new RunPaths(dir.Path));

        for (var i = 0; i < 5; i++)
        {
            files.Run.WriteState(Samples.Run() with { CycleCurrent = i });
            files.Safety.WriteBreaker(Samples.Breaker());
            files.Safety.WriteRateLimit(Samples.RateLimit());
        }

        Assert.Equal(
            ["circuit-breaker.json", "rate-limit.json", "state.json"],
            Directory.GetFiles(dir.Combine(".run")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4, files.Run.ReadState()!.CycleCurrent);
    }

    [Fact]
    public void A_state_json_from_the_original_tools_without_ias_extras_reads_with_defaults()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".run"));
        File.WriteAllText(dir.Combine(".run", "state.json"), """
            {
              "run_id": "run-20260119-abc123", "target": "sprint-1", "branch": "feature/sprint-1",
              "state": "RUNNING", "phase": "IMPLEMENT",
              "timestamps": {"started": "2026-01-19T10:00:00Z", "last_activity": "2026-01-19T13:30:00+02:00"},
              "cycles": {"current": 3, "limit": 12, "history": []},
              "metrics": {"files_changed": 15, "commits": 3, "findings_fixed": 7},
              "red_team_code": {"cycles": 0}
            }
            """);

        var run = new Mirror(new RunPaths(dir.Path)).Run.ReadState()!;

        Assert.Equal(RunState.Running, run.State);
        Assert.Equal(Samples.Start.AddMinutes(90), run.LastActivity);
        Assert.Equal(new RunOptions(12, 8), run.Options);
        Assert.Null(run.HaltReason);
        Assert.Equal(0m, run.CostUsd);
    }

    public static TheoryData<string, string> CorruptStates => new()
    {
        { "garbage \u0001", "not valid JSON at line 1" },
        { "{\n  \"run_id\": \"run-1\",\n  \"target\": \"spr", "not valid JSON at line 3" },
        { "", "the file is empty, not valid JSON" },
        { Samples0().Replace("\"run_id\": \"run-20260119-abc123\"", "\"run_id\": 3"), "field run_id must be a string (got number 3)" },
        { "[1, 2]", "the top level must be a JSON object" },
        { Without("\"current\": 3,"), "missing field cycles.current" },
        { Samples0().Replace("\"current\": 3", "\"current\": \"three\""), "field cycles.current must be an integer (got string \"three\")" },
        { Samples0().Replace("\"state\": \"JACK_IN\"", "\"state\": \"RUNNIN\""), "field state must be one of READY, JACK_IN, RUNNING" },
        { Samples0().Replace("\"started\": \"2026-01-19T10:00:00Z\"", "\"started\": \"yesterday\""), "field timestamps.started must be an ISO-8601 timestamp" },
        { Samples0().Replace("\"started\": \"2026-01-19T10:00:00Z\"", "\"started\": \"2026-01-19T10:00:00\""), "field timestamps.started must be an ISO-8601 timestamp" },
        { Samples0().Replace("\"phase\": \"REVIEW\",\n", "\"phase\": 2,\n"), "field cycles.history[1].phase must be a string (got number 2)" },
        { Samples0().Replace("\"dry_run\": true", "\"dry_run\": \"yes\""), "field options.dry_run must be true or false" },
    };

    [Theory]
    [MemberData(nameof(CorruptStates))]
    public void A_corrupt_state_json_is_reported_with_its_path_and_problem_and_left_byte_for_byte_unchanged(string content, string problem)
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(paths.State, bytes);
        var files = new Mirror(paths);

        var onRead = Assert.Throws<StateFileException>(() => files.Run.ReadState());
        var onAdopt = Assert.Throws<StateFileException>(files.Run.Adopt);
        var onWrite = Assert.Throws<StateFileException>(() => files.Run.WriteState(Samples.Run()));

        foreach (var ex in new[] { onRead, onAdopt, onWrite })
        {
            Assert.StartsWith(".run/state.json: ", ex.Message);
            Assert.Contains(problem, ex.Message);
            Assert.EndsWith("fix or move it aside, then run ias run-resume", ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
            Assert.Equal(paths.State, ex.FilePath);
        }

        Assert.Equal(bytes, File.ReadAllBytes(paths.State));
    }

    [Fact]
    public void Binary_garbage_in_state_json_is_reported_as_not_valid_json_and_kept()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        byte[] garbage = [0xFF, 0x00, 0x80, 0xC3, 0x28, 0x7B, 0x0A, 0x9F];
        File.WriteAllBytes(paths.State, garbage);
        var files = new Mirror(paths);

        var ex = Assert.Throws<StateFileException>(() => files.Run.WriteState(Samples.Run()));

        Assert.StartsWith(".run/state.json: not valid JSON at line 1", ex.Message);
        Assert.Equal(garbage, File.ReadAllBytes(paths.State));
    }

    [Fact]
    public void A_state_json_corrupted_after_ias_wrote_it_is_not_overwritten()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var files = new Mirror(paths);
        files.Run.WriteState(Samples.Run());
        var truncated = File.ReadAllBytes(paths.State)[..40];
        File.WriteAllBytes(paths.State, truncated);

        var ex = Assert.Throws<StateFileException>(() => files.Run.WriteState(Samples.Run() with { CycleCurrent = 4 }));

        Assert.Contains(".run/state.json: not valid JSON", ex.Message);
        Assert.Equal(truncated, File.ReadAllBytes(paths.State));
    }

    [Fact]
    public void A_valid_hand_edit_is_refused_with_a_message_naming_the_file_and_kept()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var files = new Mirror(paths);
        files.Safety.WriteBreaker(Samples.Breaker());
        var edited = File.ReadAllText(paths.CircuitBreaker).Replace("\"HALF_OPEN\"", "\"CLOSED\"");
        File.WriteAllText(paths.CircuitBreaker, edited);

        var ex = Assert.Throws<StateFileException>(() => files.Safety.WriteBreaker(Samples.Breaker()));

        Assert.StartsWith(".run/circuit-breaker.json was changed outside ias", ex.Message);
        Assert.Contains("ias run-resume", ex.Message);
        Assert.Equal(edited, File.ReadAllText(paths.CircuitBreaker));
    }

    [Fact]
    public void A_new_instance_does_not_overwrite_an_existing_file_until_it_adopts_it()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        new Mirror(paths).Run.WriteState(Samples.Run());
        var before = File.ReadAllBytes(paths.State);
        var resumed = new Mirror(paths);

        var ex = Assert.Throws<StateFileException>(() => resumed.Run.WriteState(Samples.Run() with { CycleCurrent = 9 }));
        Assert.StartsWith(".run/state.json already exists", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(paths.State));

        resumed.Run.Adopt();
        resumed.Run.WriteState(Samples.Run() with { CycleCurrent = 9 });
        Assert.Equal(9, resumed.Run.ReadState()!.CycleCurrent);
    }

    [Fact]
    public void Adopt_accepts_missing_files_and_then_writes_create_them()
    {
        using var dir = new TempDir();
        var files = new Mirror(new RunPaths(dir.Path));

        files.Run.Adopt();
        files.Safety.WriteRateLimit(Samples.RateLimit());

        Assert.Equal(Samples.RateLimit(), files.Safety.ReadRateLimit());
    }

    [Fact]
    public void A_deleted_state_file_is_simply_written_again()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var files = new Mirror(paths);
        files.Run.WriteState(Samples.Run());
        File.Delete(paths.State);

        files.Run.WriteState(Samples.Run());

        Samples.AssertSame(Samples.Run(), files.Run.ReadState());
    }

    [Fact]
    public void Deleted_files_are_logged_one_per_line_as_path_sprint_cycle()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var files = new Mirror(paths);

        files.Run.AppendDeleted("src/old-module.ts", "sprint-1", 3);
        files.Run.AppendDeleted("tests/deprecated.test.ts", "sprint-1", 5);

        Assert.Equal("src/old-module.ts|sprint-1|cycle-3\ntests/deprecated.test.ts|sprint-1|cycle-5\n", File.ReadAllText(paths.DeletedFiles));
        Assert.Equal(
            [new DeletedFile("src/old-module.ts", "sprint-1", 3), new DeletedFile("tests/deprecated.test.ts", "sprint-1", 5)],
            files.Run.ReadDeleted());
    }

    [Fact]
    public void Appending_to_a_hand_edited_log_without_final_newline_starts_a_new_line()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        File.WriteAllText(paths.DeletedFiles, "a.ts|sprint-1|cycle-1");

        new Mirror(paths).Run.AppendDeleted("b.ts", "sprint-2", 2);

        Assert.Equal("a.ts|sprint-1|cycle-1\nb.ts|sprint-2|cycle-2\n", File.ReadAllText(paths.DeletedFiles));
    }

    [Fact]
    public void A_path_with_a_pipe_cannot_be_logged()
    {
        using var dir = new TempDir();
        var files = new Mirror(new RunPaths(dir.Path));

        Assert.Throws<ArgumentException>(() => files.Run.AppendDeleted("a|b.ts", "sprint-1", 1));
        Assert.Empty(files.Run.ReadDeleted());
    }

    [Fact]
    public void A_malformed_log_line_is_reported_with_its_line_number()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        File.WriteAllText(paths.DeletedFiles, "a.ts|sprint-1|cycle-1\nb.ts|sprint-1|three\n");

        var ex = Assert.Throws<StateFileException>(() => new Mirror(paths).Run.ReadDeleted());

        Assert.StartsWith(".run/deleted-files.log:2: expected path|sprint-N|cycle-N", ex.Message);
    }

    private static string Samples0() => Render(Samples.Run());

    private static string Without(string text) => Samples0().Replace(text, "");

    private static string Render(RunSnapshot run)
    {
        using var dir = new TempDir();
        new Mirror(new RunPaths(dir.Path)).Run.WriteState(run);
        return File.ReadAllText(dir.Combine(".run", "state.json"));
    }

    /// <summary>The mirror as an engine holds it: the run's files and the safety files under one owner.</summary>
    private sealed class Mirror(RunPaths paths)
    {
        private readonly StateFiles _owner = new(paths);

        public RunFiles Run => new(_owner);

        public SafetyFiles Safety => new(_owner);
    }
}
