using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Commands;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Aot;

/// <summary>
/// The native ias runs a job queue as the JIT build does: the runner launches the simulated agent out of its own binary,
/// and the jobs end with the same states, evidence and history (JSON columns read back through source-generated code).
/// </summary>
public sealed class NativeQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    [AotFact]
    public async Task A_queue_run_by_the_native_runner_ends_as_one_run_by_the_jit_build()
    {
        var both = await Task.WhenAll(RunQueueAsync(IasProgram.Jit), RunQueueAsync(IasProgram.Aot!)).WaitAsync(Timeout);
        var (jit, aot) = (both[0], both[1]);

        Assert.Contains("job 0001-implementer done: 1 commit(s), 2 file(s)", aot.Loop);
        Assert.Equal(jit.Jobs, aot.Jobs);
        Assert.Equal(jit.Subjects, aot.Subjects);
    }

    private static async Task<(string Loop, string Jobs, string Subjects)> RunQueueAsync(IasProgram program)
    {
        using var repo = await QueueRepo.CreateAsync(program: program);
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        await repo.AssertMirrorAgreesAsync();

        var jobs = string.Join('\n', (await repo.JobsAsync()).Values.OrderBy(j => (string)j["id"]!, StringComparer.Ordinal).Select(j => Stable(j).ToJsonString()));
        var subjects = await DemoTests.Git(repo.Path, "log", "--format=%s", "main..HEAD");
        return (loop, jobs, subjects);
    }

    /// <summary>A job without what differs from run to run by design: clock readings, the lease's owner and the commit ids.</summary>
    private static JsonObject Stable(JsonObject job)
    {
        foreach (var time in new[] { "not_before", "created", "started", "ended", "heartbeat", "lease" })
        {
            job.Remove(time);
        }

        if (job["evidence"] is JsonObject evidence)
        {
            evidence["commits"] = evidence["commits"]!.AsArray().Count;
        }

        foreach (var attempt in job["history"]!.AsArray())
        {
            attempt!.AsObject().Remove("started");
            attempt.AsObject().Remove("ended");
        }

        return job;
    }
}
