using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A runner frozen with SIGSTOP on a checkout's own SQLite queue: after its lease it reads as lost, and its run is taken over.</summary>
public sealed class FrozenRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact(Timeout = 300_000)]
    public async Task A_frozen_runner_reads_as_lost_after_its_lease_the_next_runner_completes_its_job_and_the_first_records_nothing_when_it_wakes()
    {
        // A three-second lease, and an agent that takes about three seconds.
        using var repo = await QueueRepo.CreateAsync(queueYaml: "    lease_minutes: 0.05\n");
        await repo.ScenarioAsync("""{"slow_ms": 300, "fail": [{"role": "reviewer", "cycle": 1, "mode": "slow"}]}""");
        await repo.EnqueueAsync("reviewer", "Take your time.");
        await using var first = repo.Start("run-loop", "--run", repo.Run);
        await first.WaitForLineAsync("job 0001-reviewer started", Timeout);

        Signal("STOP", first.Pid);
        try
        {
            var status = await UntilAsync(() => repo.OkAsync("status", "--run", repo.Run), s => s.Contains("runner lost (no heartbeat since", StringComparison.Ordinal));
            Assert.Contains($"pid {first.Pid}", status, StringComparison.Ordinal);
            var json = JsonNode.Parse(await repo.OkAsync("status", "--run", repo.Run, "--json"))!;
            Assert.False((bool)json["runner_alive"]!);
            Assert.Equal("lost", (string)json["status"]!);

            var second = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

            Assert.True(second.Code == 0, $"exit {second.Code}\nstdout: {second.Out}\nstderr: {second.Err}");
            Assert.Contains($"taken over from pid {first.Pid}", second.Out, StringComparison.Ordinal);
            Assert.Contains("job 0001-reviewer done", second.Out, StringComparison.Ordinal);
        }
        finally
        {
            Signal("CONT", first.Pid);
        }

        // Woken, it finds its lease taken and records nothing; the second runner has ended, so it carries on as the run's runner.
        await first.WaitForLineAsync("job 0001-reviewer: another claim took the lease", Timeout);
        // It takes the run's lock back after saying so: the stop is asked once the status names it the run's runner again.
        await UntilAsync(() => repo.OkAsync("status", "--run", repo.Run), s => s.Contains($"(pid {first.Pid} on", StringComparison.Ordinal) && !s.Contains("runner lost", StringComparison.Ordinal));
        await repo.OkAsync("stop", "--run", repo.Run);
        Assert.Equal(0, await first.ExitAsync(Timeout));
        var job = (await repo.JobsAsync())["0001-reviewer"];
        Assert.Equal(("done", 2L), ((string)job["state"]!, (long)job["generation"]!));
        Assert.Equal(["lease_expired", "done"], job["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        Assert.DoesNotContain("job 0001-reviewer done", first.Stdout, StringComparison.Ordinal);
        await repo.AssertMirrorAgreesAsync();
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit(10_000);
    }

    // Asks again until the answer is the one awaited, or the deadline passes.
    private static async Task<string> UntilAsync(Func<Task<string>> ask, Func<string, bool> awaited)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < Timeout)
        {
            last = await ask();
            if (awaited(last))
            {
                return last;
            }
        }

        throw new TimeoutException($"not seen within {Timeout}; last: {last}");
    }
}
