using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>Halt and resume from a second process, and resume after the engine is killed mid-phase.</summary>
public sealed class HaltResumeTests
{
    [Fact]
    public async Task A_graceful_halt_from_a_second_process_finishes_the_phase_and_resume_completes_the_run()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementAsync(repo, cycle: 1);
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("implementer (sim) started");

        var halt = await repo.IasAsync("run-halt", "--reason", "lunch");
        Assert.True(halt.Code == 0, halt.Out + halt.Err);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(1, await engine.ExitAsync());

        var status = await repo.IasAsync("run-status", "--json");
        var json = JsonDocument.Parse(status.Out).RootElement;
        Assert.Equal(1, status.Code);
        Assert.Equal("HALTED", json.GetProperty("state").GetString());
        Assert.Equal("lunch", json.GetProperty("halt_reason").GetString());
        Assert.Equal("REVIEW", json.GetProperty("phase").GetString()); // the implement phase ran to its end and was committed
        Assert.Equal(1, json.GetProperty("metrics").GetProperty("commits").GetInt32());

        var resume = await repo.IasAsync(env, "run-resume");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.Contains("HALTED → RUNNING", resume.Out);
        AssertFinished(repo, expectedCycles: 2);
    }

    [Fact]
    public async Task A_file_a_person_added_during_a_halt_at_review_is_never_hidden_in_the_completed_commit()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementAsync(repo, cycle: 2);
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("cycle 2/6  implementer (sim) started");
        Assert.Equal(0, (await repo.IasAsync("run-halt", "--reason", "a look")).Code);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(1, await engine.ExitAsync());
        // A person who looks in during the halt adds a file to the run's worktree.
        await File.WriteAllTextAsync(repo.WorkTree("feature/sprint-1", "person.txt"), "mine\n");

        var refused = await repo.IasAsync(env, "run-resume");
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("person.txt", refused.Err);
        var resume = await repo.IasAsync(env, "run-resume", "--force");

        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        AssertFinished(repo, expectedCycles: 2);
        var completed = (await Commands.DemoTests.Git(repo.Path, "log", "--format=%H %s", "feature/sprint-1")).Split('\n').Single(l => l.Contains("): COMPLETED", StringComparison.Ordinal));
        var files = await Commands.DemoTests.Git(repo.Path, "show", "--name-only", "--format=", completed[..40]);
        Assert.Contains("COMPLETED", files); // the marker is in it
        Assert.DoesNotContain("person.txt", await Commands.DemoTests.Git(repo.Path, "log", "--all", "--name-only", "--format="));
        Assert.Equal("?? person.txt", (await Commands.DemoTests.Git(repo.WorkTree(), "status", "--porcelain")).Trim());
        Assert.Contains("1 uncommitted change(s) not made by the run (e.g. person.txt) left out of", resume.Out);
        Assert.Contains($"the worktree {repo.WorkTree()} stays (", resume.Out); // with the person's file in it
    }

    [Fact]
    public async Task A_forced_halt_stops_the_agent_now_and_resume_reruns_the_phase_in_the_same_cycle()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementAsync(repo, cycle: 1);
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("implementer (sim) started");

        Assert.Equal(0, (await repo.IasAsync("run-halt", "--force")).Code);
        Assert.Equal(1, await engine.ExitAsync());
        await File.WriteAllTextAsync(release, "");

        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            var run = new RunRecords(store).CurrentRun()!;
            Assert.Equal(RunState.Halted, run.State);
            Assert.Equal(Phase.Implement, run.Phase);
            Assert.Equal(1, run.CycleCurrent);
            Assert.Equal("aborted", new RunRecords(store).Phases(run.RunId).Single().Outcome);
        }

        var resume = await repo.IasAsync(env, "run-resume");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        AssertFinished(repo, expectedCycles: 2);
    }

    [Fact]
    public async Task After_kill_9_mid_phase_the_boxed_agent_dies_with_its_engine_and_resume_continues_with_the_same_cycle_count()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 2, "mode": "hang"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("cycle 2/6  implementer (sim) started");
        await engine.WaitForLineAsync("agent session");
        using var agent = System.Diagnostics.Process.GetProcessById(await AgentPidAsync(repo));

        // The box dies with its parent, and its PID namespace with it: nothing the agent started is left to find.
        engine.Kill9();
        await engine.ExitAsync();
        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var resume = await repo.IasAsync("run-resume");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.DoesNotContain("stopped agent process group", resume.Out, StringComparison.Ordinal);
        Assert.Contains("continuing cycle 2 at IMPLEMENT", resume.Out);
        AssertFinished(repo, expectedCycles: 2);
    }

    [Fact]
    public async Task After_kill_9_mid_phase_resume_stops_the_orphaned_unsandboxed_agent_and_continues_with_the_same_cycle_count()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 2, "mode": "hang"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless", "--no-sandbox");
        await engine.WaitForLineAsync("cycle 2/6  implementer (sim) started");
        await engine.WaitForLineAsync("agent session");
        var agentPid = await AgentPidAsync(repo);

        engine.Kill9();
        await engine.ExitAsync();
        Assert.True(Directory.Exists($"/proc/{agentPid}"), "the hung agent outlives its killed engine");

        var status = await repo.IasAsync("run-status", "--json");
        var json = JsonDocument.Parse(status.Out).RootElement;
        Assert.Equal(1, status.Code);
        Assert.Equal("RUNNING", json.GetProperty("state").GetString());
        Assert.False(json.GetProperty("engine").GetProperty("alive").GetBoolean());
        Assert.Equal(2, json.GetProperty("cycle").GetInt32());
        Assert.Equal("IMPLEMENT", json.GetProperty("phase").GetString());

        var resume = await repo.IasAsync("run-resume", "--no-sandbox");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.Contains($"stopped agent process group {agentPid}", resume.Out);
        Assert.Contains("continuing cycle 2 at IMPLEMENT", resume.Out);
        Assert.False(Directory.Exists($"/proc/{agentPid}") && !File.ReadAllText($"/proc/{agentPid}/stat").Contains(") Z "), "the orphaned agent is gone");
        AssertFinished(repo, expectedCycles: 2);
    }

    [Fact]
    public async Task Halt_without_a_running_engine_says_so_and_changes_nothing()
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);
        var before = await File.ReadAllTextAsync(repo.File(".run", "state.json"));

        var halt = await repo.IasAsync("run-halt");

        Assert.Equal(1, halt.Code);
        Assert.Contains("no engine is running", halt.Out);
        Assert.Equal(before, await File.ReadAllTextAsync(repo.File(".run", "state.json")));
    }

    [Fact]
    public async Task A_run_halted_overnight_resumes_with_the_running_time_it_had_left_instead_of_timing_out()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementAsync(repo, cycle: 1);
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless", "--timeout", "1");
        await engine.WaitForLineAsync("implementer (sim) started");
        Assert.Equal(0, (await repo.IasAsync("run-halt", "--reason", "night")).Code);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(1, await engine.ExitAsync());

        // The night: everything the run recorded moves ten hours back, as if it halted at dusk and is resumed at dawn.
        await BackdateAsync(repo, TimeSpan.FromHours(10));

        var resume = await repo.IasAsync(env, "run-resume");

        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.DoesNotContain("timeout", resume.Out);
        AssertFinished(repo, expectedCycles: 2);
        var status = JsonDocument.Parse((await repo.IasAsync("run-status", "--json")).Out).RootElement;
        Assert.InRange(status.GetProperty("runtime_seconds").GetInt64(), 0, 3599); // the ten hours halted are not counted
    }

    [Fact]
    public async Task Jack_out_ends_a_halted_run_for_good_and_frees_the_repository_for_a_new_run()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldImplementAsync(repo, cycle: 1);
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("implementer (sim) started");
        Assert.Equal(0, (await repo.IasAsync("run-halt")).Code);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(1, await engine.ExitAsync());

        var again = await repo.IasAsync("run-halt");
        Assert.Equal(1, again.Code);
        Assert.Contains("or end it with `ias run-halt --jack-out`", again.Out);
        var refused = await repo.IasAsync("run", "sprint-1");
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("or end it with `ias run-halt --jack-out`", refused.Err);

        var jackOut = await repo.IasAsync("run-halt", "--jack-out", "--reason", "not worth it");

        Assert.True(jackOut.Code == 0, jackOut.Out + jackOut.Err);
        Assert.Contains("ENDED (JACKED_OUT): its branch feature/sprint-1 stays;", jackOut.Out);
        Assert.DoesNotContain("draft PR", jackOut.Out); // it opened none
        // The run worked in a worktree of its own, given back now; the checkout never left main, so nothing is said of it.
        Assert.DoesNotContain("your checkout is on the run's branch", jackOut.Out, StringComparison.Ordinal);
        Assert.Equal("main", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
        Assert.DoesNotContain("ias/worktrees", await DemoTests.Git(repo.Path, "worktree", "list"));
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", "state.json"))).RootElement;
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        // The person's reason is the run's, with the halt's beside it; an abandoned run is no success to a script.
        Assert.StartsWith("not worth it (halted: ", state.GetProperty("halt_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await repo.IasAsync("run-status", "--json")).Code);
        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            var records = new RunRecords(store);
            var run = records.CurrentRun()!;
            Assert.Equal(RunState.JackedOut, run.State);
            Assert.Contains(records.Events(run.RunId), e => e.Message.Contains("HALTED → JACKED_OUT (jack_out): ended by user after the halt: not worth it", StringComparison.Ordinal));
        }

        var resume = await repo.IasAsync("run-resume", "--headless");
        Assert.Equal(2, resume.Code);
        Assert.Contains("already finished (JACKED_OUT)", resume.Err);
        var twice = await repo.IasAsync("run-halt", "--jack-out");
        Assert.Equal(2, twice.Code);
        Assert.Contains("has already jacked out", twice.Err);

        var next = await repo.IasAsync(env, "run", "sprint-1", "--headless", "--branch", "feature/sprint-1-again");
        Assert.True(next.Code == 0, next.Out + next.Err);
    }

    /// <summary>Moves every time the run recorded (its row, its breaker's timeout window, its events) back by <paramref name="by"/>.</summary>
    private static async Task BackdateAsync(TestRepo repo, TimeSpan by)
    {
        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            var runs = new RunRecords(store);
            var safety = new Ias.Core.Safety.SafetyStore(store);
            var run = runs.CurrentRun()!;
            runs.SaveRun(run with { Started = run.Started - by, LastActivity = run.LastActivity - by });
            var breaker = safety.LoadBreaker(run.RunId)!;
            safety.SaveBreaker(run.RunId, breaker with { TimeoutStarted = breaker.TimeoutStarted - by });
        }

        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={repo.File(".run", "ias.db")};Pooling=False");
        await db.OpenAsync();
        var times = new List<(long Id, string At)>();
        await using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT id, at FROM events;";
            await using var r = await read.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                times.Add((r.GetInt64(0), r.GetString(1)));
            }
        }

        foreach (var (id, at) in times)
        {
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE events SET at = $at WHERE id = $id;";
            var moved = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal) - by;
            update.Parameters.AddWithValue("$at", moved.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A scenario whose implementer, in one cycle, waits mid-turn until the returned file exists: the test acts while the agent
    /// surely works, however slowly a loaded machine starts the second process.
    /// </summary>
    private static async Task<(Dictionary<string, string> Env, string Release)> HeldImplementAsync(TestRepo repo, int cycle)
    {
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": {{cycle}}, "mode": "hold"}]}""");
        return (env, release);
    }

    /// <summary>The agent's pid as the engine recorded it when it started, before its first line could arrive.</summary>
    private static async Task<int> AgentPidAsync(TestRepo repo) =>
        int.Parse((await File.ReadAllTextAsync(repo.File(".run", "agent.pid"))).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertFinished(TestRepo repo, int expectedCycles)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var run = new RunRecords(store).CurrentRun()!;
        Assert.Equal(RunState.JackedOut, run.State);
        Assert.Equal(expectedCycles, run.CycleCurrent);
        Assert.Equal(expectedCycles, run.CycleHistory.Count(h => h.Phase == Phase.Implement));
        var state = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        Assert.Equal(expectedCycles, state.GetProperty("cycles").GetProperty("current").GetInt32());
    }
}
