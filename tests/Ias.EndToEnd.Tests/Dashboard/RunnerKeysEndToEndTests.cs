using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard's u and x on a queue run, through the real ias in tmux: u starts the runner detached, x stops it, each after asking.</summary>
public sealed partial class RunnerKeysEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public RunnerKeysEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task U_starts_the_queue_runs_runner_detached_after_asking_which_outlives_the_dashboard_and_x_stops_it_after_asking()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        int pid;
        using (var tmux = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run))
        {
            await tmux.WaitForAsync("ias  STOPPED  │ queue run night", Timeout);

            // u asks first, naming the run, and anything but y starts nothing.
            tmux.Keys("u");
            await tmux.WaitForAsync("Start the runner of queue run night in this checkout, detached?", Timeout);
            tmux.Keys("n");
            await tmux.WaitForAsync("cancelled", Timeout);
            Assert.False(File.Exists(Path.Combine(repo.RunnerDir, "runner.log")), "a No starts no runner");

            tmux.Keys("u");
            await tmux.WaitForAsync("Start the runner of queue run night in this checkout, detached?", Timeout);
            tmux.Keys("y");
            var said = await tmux.WaitForAsync("starting detached (pid ", Timeout);
            pid = int.Parse(StartingLine().Match(said).Groups[1].Value, CultureInfo.InvariantCulture);
            await tmux.WaitForAsync(s => s.Contains("✓ 0001-reviewer", StringComparison.Ordinal) && s.Contains("ias  IDLE  │", StringComparison.Ordinal), "the job done and the runner idle", Timeout);

            // x asks first, and anything but y keeps the runner.
            tmux.Keys("x");
            await tmux.WaitForAsync("Stop the queue's runner after its current job?", Timeout);
            tmux.Keys("n");
            await tmux.WaitForAsync("cancelled", Timeout);
            Assert.True(Until.Alive(pid), "the runner keeps running after a No");

            // Quitting the dashboard, and even its terminal going, leaves the runner at work.
            tmux.KillServer();
        }

        Assert.True(Until.Alive(pid), "the runner outlives the dashboard that started it");
        Assert.Contains($"runner of night started (pid {pid} on", await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "runner.log")));

        using (var again = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run))
        {
            await again.WaitForAsync("ias  IDLE  │ queue run night", Timeout);
            again.Keys("u");
            await again.WaitForAsync("the runner of night is at work (pid ", Timeout);
            again.Keys("x");
            await again.WaitForAsync("Stop the queue's runner after its current job?", Timeout);
            again.Keys("y");
            await again.WaitForAsync("stop sent to the runner of night", Timeout);
            await again.WaitForAsync("ias  STOPPED  │ queue run night", Timeout);
            await Until.TrueAsync(() => !Until.Alive(pid), "the runner's exit after x", Timeout);
            again.Keys("x");
            await again.WaitForAsync("no runner is at work on night: nothing to stop; u starts one", Timeout);
        }

        Assert.False((bool)JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", repo.Run))!["runner_alive"]!);
    }

    [GeneratedRegex(@"starting detached \(pid (\d+)\)")]
    private static partial Regex StartingLine();
}
