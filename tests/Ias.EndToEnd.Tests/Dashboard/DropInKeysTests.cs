using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard's d and s: a person drops into the run's agent or a shell and comes back to the dashboard.</summary>
public sealed class DropInKeysTests
{
    public DropInKeysTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task S_opens_a_shell_in_the_work_tree_and_exit_comes_back_to_the_dashboard_saying_how_it_went()
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);

        using var tmux = Tmux.Start(160, 40, repo.Path, new Dictionary<string, string> { ["SHELL"] = "/bin/sh" }, "dashboard", "--no-report");
        await tmux.WaitForAsync(" DONE ");
        tmux.Keys("s");
        await tmux.WaitForAsync("Halt the run and open a shell in its work tree?");
        tmux.Keys("y");
        await tmux.WaitForAsync($"opening a shell in {repo.Path}; leave it to come back to the dashboard");

        tmux.Keys("echo \"in $(pwd)\"", "Enter");
        await tmux.WaitForAsync($"in {repo.Path}");
        tmux.Keys("exit", "Enter");

        var back = await tmux.WaitForAsync(s => s.Contains(" DONE ", StringComparison.Ordinal) && s.Contains("back from a shell (exit 0)", StringComparison.Ordinal), "the dashboard again, saying the shell ended");
        Assert.Contains("is JACKED_OUT", back);
        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]");
    }

    [Fact]
    public async Task D_opens_the_runs_agent_on_its_session_and_leaving_it_comes_back_to_the_dashboard()
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);

        using var tmux = Tmux.Start(160, 40, repo.Path, null, "dashboard", "--no-report");
        await tmux.WaitForAsync(" DONE ");
        tmux.Keys("d");
        await tmux.WaitForAsync("Open the agent here (a sprint's run halts first)?");
        tmux.Keys("y");
        await tmux.WaitForAsync("sim-agent: session ");
        tmux.Keys("hello", "Enter");
        await tmux.WaitForAsync("sim-agent: you said \"hello\"");
        tmux.Keys("Enter");

        await tmux.WaitForAsync(s => s.Contains(" DONE ", StringComparison.Ordinal) && s.Contains("back from sim session", StringComparison.Ordinal), "the dashboard again, saying the agent's session ended");
    }

    [Fact]
    public async Task A_drop_in_that_cannot_open_says_why_back_in_the_dashboard_and_leaves_the_engine_running()
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{System.Text.Json.JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("implementer (sim) started");

        using var tmux = Tmux.Start(160, 40, repo.Path, null, "dashboard", "--no-report");
        await tmux.WaitForAsync(" RUNNING ");
        tmux.Keys("d");
        await tmux.WaitForAsync("Open the agent here (a sprint's run halts first)?");
        tmux.Keys("y");

        await tmux.WaitForAsync("has no agent session yet (no agent call has finished); use `ias drop-in --shell`");
        Assert.True(repo.EngineAlive, "nothing was opened, so nothing was halted");
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await engine.ExitAsync());
    }
}
