using System.Text.Json;
using Ias.Core.Cycles;
using Ias.Core.Storage;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Commands;

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
