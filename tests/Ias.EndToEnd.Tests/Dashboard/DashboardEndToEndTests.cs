using System.Text.Json;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>The real `ias` in a real terminal (tmux): what a person sees and what their keys do.</summary>
public sealed class DashboardEndToEndTests
{

    public DashboardEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task The_demo_shows_the_loop_going_round_review_findings_and_finishing()
    {
        using var dir = new TempDir();
        using var tmux = Tmux.Start(120, 40, dir.Path, null, "demo", "--dir", Path.Combine(dir.Path, "demo"));

        await tmux.WaitForAsync("c1 REVIEW    reviewer    !1");
        var done = await tmux.WaitForAsync(" DONE ");
        Assert.Contains("c2 AUDIT", done);
        Assert.Contains("3 Circuit breaker", done);

        tmux.Keys("q");
        var after = await tmux.WaitForAsync("[exited 0]");
        Assert.Contains("demo repository:", after);
    }

    [Fact]
    public async Task The_slow_demo_gives_a_person_time_to_halt_its_first_phase_by_hand_and_says_where_the_work_is()
    {
        using var dir = new TempDir();
        var repo = Path.Combine(dir.Path, "demo");
        using var tmux = Tmux.Start(120, 40, dir.Path, null, "demo", "--pace", "slow", "--dir", repo);
        await tmux.WaitForAsync("● c1 IMPLEMENT");

        tmux.Keys("h");
        await tmux.WaitForAsync("Halt the run after the current phase?");
        tmux.Keys("y");
        await tmux.WaitForAsync(" HALTED ", TimeSpan.FromSeconds(120));

        // The halt took effect after the phase that was running when h was pressed: the first implement, nothing after it.
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(repo, ".run", "state.json"))).RootElement;
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        var phases = state.GetProperty("cycles").GetProperty("history").EnumerateArray().Select(h => $"c{h.GetProperty("cycle").GetInt32()} {h.GetProperty("phase").GetString()}");
        Assert.Equal(["c1 IMPLEMENT"], phases);

        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]");
        var after = tmux.CaptureJoined();
        Assert.Matches(@"sprint-1 HALTED — [^;]+; its work is on branch feature/sprint-1", after);
        Assert.Contains($"its worktree, to look at before `", after); // the checkout never left main; the halted run's work is there
        Assert.DoesNotContain("your checkout is on the run's branch", after, StringComparison.Ordinal);
        Assert.Contains($"the PR text, to open it by hand: {Path.Combine(repo, ".run", "pr.md")}", after); // a halt writes its draft too
        Assert.Contains($"demo repository: {repo}", after);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Halt_with_confirm_shows_HALTED_and_r_resumes_to_the_end_keeping_the_runs_box_choice(bool noSandbox)
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldAsync(repo);
        using var tmux = Tmux.Start(120, 40, repo.Path, env, ["run", "sprint-1", "--yes", .. noSandbox ? ["--no-sandbox"] : Array.Empty<string>()]);
        await tmux.WaitForAsync("● c1 IMPLEMENT");

        tmux.Keys("h");
        await tmux.WaitForAsync("Halt the run after the current phase?");
        tmux.Keys("y");
        await tmux.WaitForAsync("halt sent");
        await File.WriteAllTextAsync(release, "");
        await tmux.WaitForAsync(" HALTED ");
        Assert.Equal("HALTED", State(repo).GetProperty("state").GetString());

        tmux.Keys("r");
        await tmux.WaitForAsync(" DONE ");
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());

        // The engine `r` started ran the agents as the run's own start did: state.json says "sandbox": false only when off.
        var options = State(repo).GetProperty("options");
        Assert.Equal(noSandbox, options.TryGetProperty("sandbox", out var box) && !box.GetBoolean());
    }

    [Fact]
    public async Task Any_key_but_y_answers_no_and_esc_never_quits()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldAsync(repo);
        using var tmux = Tmux.Start(100, 30, repo.Path, env, "run", "sprint-1", "--yes");
        await tmux.WaitForAsync("● c1 IMPLEMENT");

        tmux.Keys("H");
        await tmux.WaitForAsync("Stop the agent NOW and halt the run?");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("cancelled");

        // A key typed within 50 ms of Esc reads as Alt+key, as in every terminal program; wait for the screen between them.
        tmux.Keys("?");
        await tmux.WaitForAsync("j/k - esc closes");
        tmux.Keys("Escape");
        var screen = await tmux.WaitForAsync(s => !s.Contains("esc closes"), "the help closing");

        Assert.DoesNotContain("[exited", screen);
        Assert.NotEqual("HALTED", State(repo).GetProperty("state").GetString());
        await File.WriteAllTextAsync(release, "");
        await tmux.WaitForAsync(" DONE ");
    }

    [Fact]
    public async Task Quitting_leaves_the_engine_running_and_ias_dashboard_attaches_again()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldAsync(repo);
        using (var first = Tmux.Start(120, 40, repo.Path, env, "run", "sprint-1", "--yes"))
        {
            await first.WaitForAsync("● c1 IMPLEMENT");
            first.Keys("q");

            // The terminal says the engine goes on, and how to come back to it or stop it.
            await first.WaitForAsync("[exited 0]");
            var after = first.CaptureJoined();
            Assert.Contains("the engine keeps running without the dashboard; watch it again, or stop it:", after);
            Assert.Contains($" dashboard --repo {repo.Path}\n", after);
            Assert.Contains($" run-halt --repo {repo.Path}\n", after);
            Assert.Contains("sprint-1 RUNNING; its work is on branch feature/sprint-1", after);
        }

        Assert.True(repo.EngineAlive, "the engine outlives the dashboard that started it");

        using var second = Tmux.Start(120, 40, repo.Path, null, "dashboard");
        await second.WaitForAsync("RUNNING");
        await File.WriteAllTextAsync(release, "");
        await second.WaitForAsync(" DONE ");
    }

    [Fact]
    public async Task Killing_the_terminal_like_a_dropped_ssh_connection_leaves_the_engine_running()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldAsync(repo);
        var tmux = Tmux.Start(120, 40, repo.Path, env, "run", "sprint-1", "--yes");
        await tmux.WaitForAsync("● c1 IMPLEMENT");

        tmux.KillServer();

        Assert.True(repo.EngineAlive);
        using var watcher = Tmux.Start(80, 24, repo.Path, null, "dashboard");
        await watcher.WaitForAsync("RUNNING");
        await File.WriteAllTextAsync(release, "");
        await watcher.WaitForAsync(" DONE ");
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    public async Task A_signal_restores_the_terminal_before_the_dashboard_exits(string signal, int exitCode)
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1", "--headless")).Code);
        using var tmux = Tmux.Start(100, 30, repo.Path, null, "dashboard", "--no-report");
        await tmux.WaitForAsync("4 Rate limits");

        System.Diagnostics.Process.Start("kill", [$"-{signal}", tmux.IasPid().ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit(5000);

        var screen = await tmux.WaitForAsync($"[exited {exitCode}]");
        Assert.DoesNotContain("1 Queue", screen); // the alternate screen is gone: the shell's own screen is back
    }

    [Fact]
    public async Task Two_dashboards_watch_one_run_at_once()
    {
        using var repo = new TestRepo();
        var (env, release) = await HeldAsync(repo);
        using var first = Tmux.Start(120, 40, repo.Path, env, "run", "sprint-1", "--yes");
        await first.WaitForAsync("● c1 IMPLEMENT");
        using var second = Tmux.Start(80, 24, repo.Path, null, "dashboard");

        await second.WaitForAsync("RUNNING");
        await File.WriteAllTextAsync(release, "");
        await Task.WhenAll(first.WaitForAsync(" DONE "), second.WaitForAsync(" DONE "));
    }

    /// <summary>
    /// A scenario whose first implementer waits mid-turn until the returned file exists: the test acts on a run that surely
    /// still works, however slowly a busy machine draws the screen, then lets it go on.
    /// </summary>
    private static async Task<(Dictionary<string, string> Env, string Release)> HeldAsync(TestRepo repo)
    {
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        return (env, release);
    }

    private static JsonElement State(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;
}
