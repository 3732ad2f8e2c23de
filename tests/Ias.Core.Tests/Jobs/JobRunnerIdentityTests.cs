using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A writing job ends in a commit: where git cannot commit (no name or email) the runner does not claim it, so no turn is
/// paid for only to fail there and no job is left running; a reading job, which commits nothing, still runs.
/// </summary>
public sealed class JobRunnerIdentityTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    private readonly RunnerRepo _checkout = new();
    private readonly CountingAgent _agent = new();

    public JobRunnerIdentityTests()
    {
        // An empty name overrides any global identity of the machine's (CI sets one), and git refuses to commit with it.
        _checkout.Repo.Git.Run("config", "user.name", "");
    }

    public void Dispose() => _checkout.Dispose();

    private JobQueue Queue => _checkout.Queue;

    [Fact]
    public async Task A_writing_job_is_not_claimed_and_the_runner_stops_saying_how_to_set_the_identity()
    {
        var job = Queue.Enqueue("implementer", "Add a greeting.", null, writes: true);
        await using var runner = Runner();

        var stopped = await Assert.ThrowsAsync<QueueException>(() => runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit));

        Assert.Contains("git config --global user.name", stopped.Message, StringComparison.Ordinal);
        Assert.Contains($"job {job.Id} stays pending", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Pending, Queue.Find(job.Id)!.State);
        Assert.Equal(0, Queue.Find(job.Id)!.Attempts);
        Assert.Equal(0, _agent.Turns);
        Assert.Equal(RunnerStatus.Stopped, Queue.State.RunnerStatus);
    }

    [Fact]
    public async Task A_reading_job_commits_nothing_and_still_runs()
    {
        var job = Queue.Enqueue("reviewer", "Review the greeting.", null, writes: false);
        await using var runner = Runner();

        await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit);

        Assert.Equal(1, _agent.Turns);
        Assert.NotEqual(JobState.Running, Queue.Find(job.Id)!.State);
    }

    private JobRunner Runner() => _checkout.Runner(_agent);
}
