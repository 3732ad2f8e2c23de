using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// A queue's runner and its terminal, through the real ias in tmux: `run-loop --detach` outlives the terminal it was started
/// from, and a runner at a terminal that closes hands its job back without spending an attempt.
/// </summary>
public sealed partial class DetachedRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public DetachedRunnerTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task A_detached_runner_outlives_the_terminal_it_was_started_from_logs_to_its_run_folder_and_status_and_stop_find_it()
    {
        using var repo = await QueueRepo.CreateAsync();
        var release = repo.Outside("release");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold_after_work"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");

        int pid;
        using (var terminal = Tmux.Start(160, 20, repo.Path, repo.Env, "run-loop", "--run", repo.Run, "--detach"))
        {
            await terminal.WaitForAsync("[exited 0]", Timeout);
            var screen = terminal.CaptureJoined();
            var started = StartedLine().Match(screen);
            Assert.True(started.Success, screen);
            pid = int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Contains($"its log: {Path.Combine(repo.RunnerDir, "runner.log")}\n", screen);
            await Until.TrueAsync(async () => (await repo.JobsAsync())["0001-implementer"]["state"]!.ToString() == "running", "the job running", Timeout);

            // The terminal goes away mid-job, as a closed window or a dropped SSH connection takes it.
            terminal.KillServer();
        }

        Assert.True(Until.Alive(pid), "the detached runner outlives its terminal");
        await File.WriteAllTextAsync(release, "");
        await Until.TrueAsync(async () => (await repo.JobsAsync())["0001-implementer"]["state"]!.ToString() == "done", "the job done", Timeout);

        var log = await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "runner.log"));
        Assert.Contains($"runner of night started (pid {pid} on", log);
        Assert.Contains("job 0001-implementer done: 1 commit(s)", log);

        // The job's row says done a moment before the runner records itself idle: the status is asked until it says so.
        await Until.TrueAsync(async () => (await repo.OkAsync("status", "--run", repo.Run)).Contains($"runner idle (pid {pid} on", StringComparison.Ordinal), "the runner idle after its job", Timeout);
        Assert.True((bool)JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", repo.Run))!["runner_alive"]!);

        var stop = await repo.OkAsync("stop", "--run", repo.Run);
        Assert.Contains($"stop sent to the runner of night (pid {pid} on", stop);
        await Until.TrueAsync(() => !Until.Alive(pid), "the runner's exit after ias stop", Timeout);
        Assert.Contains("run night · runner not running", await repo.OkAsync("status", "--run", repo.Run));
        Assert.Contains("runner of night stopped on request after 1 job(s)", await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "runner.log")));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_second_detached_runner_is_refused_in_one_line_naming_the_first()
    {
        using var repo = await QueueRepo.CreateAsync();
        var first = await repo.OkAsync("run-loop", "--run", repo.Run, "--detach");
        var pid = int.Parse(StartedLine().Match(first).Groups[1].Value, CultureInfo.InvariantCulture);
        try
        {
            var second = await repo.IasAsync("run-loop", "--run", repo.Run, "--detach");
            Assert.Equal(2, second.Code);
            Assert.Equal($"ias: run night already has a runner (pid {pid} on", second.Err.Trim()[..$"ias: run night already has a runner (pid {pid} on".Length]);
            Assert.Single(second.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            await repo.OkAsync("stop", "--run", repo.Run);
            await Until.TrueAsync(() => !Until.Alive(pid), "the runner's exit after ias stop", Timeout);
        }
    }

    [Fact]
    public async Task Closing_the_terminal_of_a_runner_mid_job_stops_its_agent_and_hands_the_job_back_with_no_attempt_spent()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "hang"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        var agentPid = Path.Combine(repo.Path, ".run", "queue", repo.Run + ".agent.pid");

        using (var terminal = Tmux.Start(160, 20, repo.Path, repo.Env, "run-loop", "--run", repo.Run))
        {
            await terminal.WaitForAsync("job 0001-implementer agent session", Timeout);
            var agentGroup = int.Parse((await File.ReadAllTextAsync(agentPid)).Split(' ')[0], CultureInfo.InvariantCulture);
            terminal.KillServer();
            await Until.TrueAsync(async () => !(bool)JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", repo.Run))!["runner_alive"]!, "the runner's exit", Timeout);
            Assert.False(Until.Alive(agentGroup), "the runner stops its agent before it exits");
        }

        var job = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal("pending", (string)job["state"]!);
        Assert.Equal("handed_back", (string)job["history"]![0]!["outcome"]!);
        Assert.Contains("SIGHUP", (string)job["history"]![0]!["reason"]!);
        await repo.AssertMirrorAgreesAsync();

        // The next runner finds nothing to recover and gives the job its first counted attempt.
        await repo.ScenarioAsync("{}");
        var next = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.DoesNotContain("back to pending", next);
        Assert.Contains("job 0001-implementer started (implementer, attempt 1 of 3)", next);
        Assert.Contains("job 0001-implementer done", next);
    }

    [GeneratedRegex(@"runner of night started detached \(pid (\d+)\)")]
    private static partial Regex StartedLine();
}
