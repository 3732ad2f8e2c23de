using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A runner looks at the next job before it claims it, and takes the checkout only for a writing one. When another runner
/// claims the read-only job it looked at in between, the writing job behind it is first: the runner claims that one, with
/// the checkout, and does not pass it over for a later read-only job.
/// </summary>
public sealed class RunnerClaimRaceTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    private readonly GitRepo _repo = new();
    private readonly ManualClock _clock = new(QueueFixture.Start);
    private readonly RunStore _store;
    private readonly JobQueue _queue;

    public RunnerClaimRaceTests()
    {
        _repo.Git.Run("switch", "--quiet", "-c", "feature/queue");
        var paths = new RunPaths(_repo.Path);
        paths.EnsureCreated();
        _store = RunStore.Open(paths.Database);
        JobQueue.Create(new SqliteQueueStore(_store), _repo.Path, "night", _clock);
        _queue = new JobQueue(_store, new QueuePaths(_repo.Path, "night"), QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        _queue.Init();
    }

    public void Dispose()
    {
        _store.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_read_only_job_taken_between_the_look_and_the_claim_leaves_the_runner_the_writing_job_behind_it()
    {
        _queue.Enqueue("reviewer", "Review the greeting.", null, writes: false);
        _queue.Enqueue("implementer", "Add a greeting.", null, writes: true);
        _queue.Enqueue("auditor", "Audit the greeting.", null, writes: false);
        var store = new ClaimedAfterTheLook(QueueBackends.Local(_store), () => _queue.Claim("another runner"));
        var queue = new JobQueue(store, new QueuePaths(_repo.Path, "night"), QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        var agent = new CountingAgent();
        var said = new List<string>();
        await using var runner = new JobRunner(queue, agent, LoaConfig.Defaults(Path.Combine(_repo.Path, ConfigLoader.FileName)), _repo.Git, _clock, "test-runner", _store, said.Add);

        await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit);

        Assert.Equal("0001-reviewer", store.TakenByAnother?.Id);
        Assert.Equal((JobState.Running, "another runner"), (_queue.Find("0001-reviewer")!.State, _queue.Find("0001-reviewer")!.LeaseOwner));
        Assert.Equal("job 0002-implementer started (implementer, attempt 1 of 3)", said[0]);
        Assert.Equal((1, 1), (agent.Turns, _queue.Find("0002-implementer")!.Attempts));
        Assert.Equal((JobState.Pending, 0), (_queue.Find("0003-auditor")!.State, _queue.Find("0003-auditor")!.Attempts));
    }

    /// <summary>The checkout's store, where another runner claims a job right after this runner's first look outside a claim.</summary>
    private sealed class ClaimedAfterTheLook(IQueueStore inner, Func<Job?> claim) : QueueStoreDecorator(inner)
    {
        private bool _inClaim;

        public Job? TakenByAnother { get; private set; }

        public override void Transaction(Action action)
        {
            _inClaim = true;
            try
            {
                Inner.Transaction(action);
            }
            finally
            {
                _inClaim = false;
            }
        }

        public override Job? NextDue(string run, DateTimeOffset now, RunnerAgents? agents)
        {
            var due = Inner.NextDue(run, now, agents);
            if (!_inClaim && TakenByAnother is null && due is not null)
            {
                TakenByAnother = claim();
            }

            return due;
        }
    }
}
