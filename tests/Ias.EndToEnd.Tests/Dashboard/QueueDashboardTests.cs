using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Tests.Dashboard;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>`ias dashboard` in a checkout whose work is a job queue: the real runner, the simulated agent, a real terminal.</summary>
public sealed class QueueDashboardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public QueueDashboardTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task The_dashboard_shows_a_queue_runs_jobs_their_live_tokens_and_the_running_jobs_log()
    {
        using var repo = await QueueRepo.CreateAsync();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold_after_work"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.EnqueueAsync("auditor", "Audit the greeting.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        using var tmux = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--no-report");

        // The agent has done its work and waits before its result: the tokens on its row are what its messages reported so far.
        var live = await tmux.WaitForAsync(s => Regex.IsMatch(s, @"● 0001-implementer .* \d[\d.]*k?/\d[\d.]*k? tok"), "the running job with its tokens", Timeout);
        Assert.Contains("ias  RUNNING  │ queue run night │ 2 pending · 1 running", live);
        Assert.Contains("○ 0002-reviewer", live);
        Assert.Contains("2 Log - 0001-implementer", live);
        Assert.Matches(@"│\d\d:\d\d:\d\d ", live);

        // A queue run has no halt key; the key says so instead of asking.
        tmux.Keys("h");
        await tmux.WaitForAsync("a queue run has no halt key");
        Assert.DoesNotContain("Halt the run", tmux.Capture());

        await File.WriteAllTextAsync(release, "");
        var done = await tmux.WaitForAsync(s => s.Contains("3 done", StringComparison.Ordinal) && s.Contains(" STOPPED ", StringComparison.Ordinal), "every job done and the runner gone", Timeout);
        Assert.Matches(@"✓ 0003-auditor .* tok \$\d", done);
        Assert.Equal(0, await runner.ExitAsync(Timeout));

        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]");
        var farewell = tmux.CaptureJoined();
        Assert.Contains($" status --repo {repo.Path} --run night\n", farewell);
        Assert.Contains($" dashboard --repo {repo.Path} --run night\n", farewell);
    }

    [Fact]
    public async Task With_a_run_mode_run_and_a_newer_queue_run_the_dashboard_shows_the_queue_and_says_how_to_switch()
    {
        using var repo = await QueueRepo.CreateAsync(agentsYaml: "  default: { agent: sim }\nrun_mode:\n  enabled: true\n");
        var sprint1 = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(sprint1.Code == 0, sprint1.Out + sprint1.Err);
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        await using (var queue = DashboardDriver.Open(repo.Path, 120, 40, "--no-report"))
        {
            var greeting = "queue run night, the latest active of 2 runs: l lists them to watch another";
            var screen = await queue.WaitForAsync(s => s.Contains(greeting, StringComparison.Ordinal) && s.Contains("✓ 0001-reviewer", StringComparison.Ordinal), "the queue run and how to switch");
            Assert.StartsWith("ias  STOPPED  │ queue run night │", screen, StringComparison.Ordinal);
            queue.Keys("q");
            Assert.Equal(0, await queue.Exited);
        }

        await using var sprint = DashboardDriver.Open(repo.Path, 120, 40, "--run-mode", "--no-report");
        await sprint.WaitForAsync(" DONE ");
    }
}
