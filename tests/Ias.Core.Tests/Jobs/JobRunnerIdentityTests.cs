using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A writing job ends in a commit: where git cannot commit (no name or email) the runner does not claim it, so no turn is
/// paid for only to fail there and no job is left running; a reading job, which commits nothing, still runs.
/// </summary>
public sealed class JobRunnerIdentityTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    private readonly GitRepo _repo = new();
    private readonly CountingAgent _agent = new();
    private readonly ManualClock _clock = new(QueueFixture.Start);
    private readonly RunStore _store;
    private readonly JobQueue _queue;

    public JobRunnerIdentityTests()
    {
        _repo.Git.Run("switch", "--quiet", "-c", "feature/queue");
        var paths = new RunPaths(_repo.Path);
        paths.EnsureCreated();
        _store = RunStore.Open(paths.Database);
        JobQueue.Create(new SqliteQueueStore(_store), _repo.Path, "night", _clock);
        _queue = new JobQueue(_store, new QueuePaths(_repo.Path, "night"), QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        _queue.Init();

        // An empty name overrides any global identity of the machine's (CI sets one), and git refuses to commit with it.
        _repo.Git.Run("config", "user.name", "");
    }

    public void Dispose()
    {
        _store.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_writing_job_is_not_claimed_and_the_runner_stops_saying_how_to_set_the_identity()
    {
        var job = _queue.Enqueue("implementer", "Add a greeting.", null, writes: true);
        await using var runner = Runner();

        var stopped = await Assert.ThrowsAsync<QueueException>(() => runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit));

        Assert.Contains("git config --global user.name", stopped.Message, StringComparison.Ordinal);
        Assert.Contains($"job {job.Id} stays pending", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Pending, _queue.Find(job.Id)!.State);
        Assert.Equal(0, _queue.Find(job.Id)!.Attempts);
        Assert.Equal(0, _agent.Turns);
        Assert.Equal(RunnerStatus.Stopped, _queue.State.RunnerStatus);
    }

    [Fact]
    public async Task A_reading_job_commits_nothing_and_still_runs()
    {
        var job = _queue.Enqueue("reviewer", "Review the greeting.", null, writes: false);
        await using var runner = Runner();

        await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit);

        Assert.Equal(1, _agent.Turns);
        Assert.NotEqual(JobState.Running, _queue.Find(job.Id)!.State);
    }

    private JobRunner Runner() =>
        new(_queue, _agent, LoaConfig.Defaults(Path.Combine(_repo.Path, ConfigLoader.FileName)), _repo.Git, _clock, "test-runner", _store, _ => { });
}
