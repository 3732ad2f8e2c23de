using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>`ias drop-in`: a person takes over a run's checkout in the agent or a shell, and the run resumes afterwards.</summary>
public sealed class DropInTests
{
    public DropInTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task Drop_in_reopens_the_runs_last_agent_session_on_the_terminal_and_comes_back()
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);
        var session = LastSession(repo);

        using var tmux = Tmux.Start(200, 30, repo.Path, null, "drop-in");
        await tmux.WaitForAsync($"sim-agent: session {session} reopened in {repo.Path}");
        tmux.Keys("hello there", "Enter");
        await tmux.WaitForAsync("sim-agent: you said \"hello there\"");
        tmux.Keys("Enter");

        var screen = await tmux.WaitForAsync("[exited 0]");
        Assert.Contains($"back from sim session {session} (exit 0); run ", screen);
        Assert.Contains(" is JACKED_OUT: `ias dashboard` shows it", screen);
    }

    [Fact]
    public async Task Drop_in_halts_a_running_engine_first_opens_a_shell_in_the_work_tree_and_the_run_resumes_after()
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "reviewer", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("reviewer (sim) started");

        using var tmux = Tmux.Start(200, 30, repo.Path, new Dictionary<string, string> { ["SHELL"] = "/bin/sh" }, "drop-in", "--shell");
        await tmux.WaitForAsync("halting the engine");
        await tmux.WaitForAsync($"opening a shell in {repo.WorkTree()}"); // the run's worktree, where its work is
        Assert.Equal(1, await engine.ExitAsync());
        Assert.False(repo.EngineAlive);

        tmux.Keys("echo \"here: $(pwd) for $IAS_DROP_IN\"", "Enter");
        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            var run = new RunRecords(store).CurrentRun()!;
            Assert.Equal(RunState.Halted, run.State);
            await tmux.WaitForAsync($"here: {repo.WorkTree()} for {run.RunId}");
        }

        tmux.Keys("exit", "Enter");
        var screen = await tmux.WaitForAsync("[exited 0]");
        Assert.Contains("back from a shell (exit 0); run ", screen);
        Assert.Contains(" is HALTED: `ias run-resume` continues it", screen);

        await File.WriteAllTextAsync(release, "");
        var resume = await repo.IasAsync(env, "run-resume");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.Contains("JACKED_OUT", (await repo.IasAsync("run-status")).Out);
    }

    [Fact]
    public async Task Without_a_run_or_a_terminal_drop_in_says_why_in_one_line()
    {
        using var repo = new TestRepo();

        var noTerminal = await repo.IasAsync("drop-in");
        Assert.Equal(2, noTerminal.Code);
        Assert.Equal("ias: drop-in needs a terminal: run it from one (over SSH, in tmux), not with its input or output redirected", noTerminal.Err.Trim());

        using var tmux = Tmux.Start(200, 30, repo.Path, null, "drop-in");
        var screen = await tmux.WaitForAsync("[exited 2]");
        Assert.Contains($"ias: no run in {repo.Path}: nothing to drop into; start one with `ias run sprint-N`", screen.Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_agent_has_left_no_session_offers_the_shell()
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("implementer (sim) started");

        using var tmux = Tmux.Start(200, 30, repo.Path, null, "drop-in");
        var screen = (await tmux.WaitForAsync("[exited 2]")).Replace("\n", "", StringComparison.Ordinal);
        Assert.Contains("has no agent session yet (no agent call has finished); use `ias drop-in --shell`", screen);
        Assert.True(repo.EngineAlive, "a drop-in that cannot open anything leaves the engine running");
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await engine.ExitAsync());
    }

    private static string LastSession(TestRepo repo)
    {
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var records = new RunRecords(store);
        return records.AgentCalls(records.CurrentRun()!.RunId).Last(c => c.SessionId is not null).SessionId!;
    }
}
