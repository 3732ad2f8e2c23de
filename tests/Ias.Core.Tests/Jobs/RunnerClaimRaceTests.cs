using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
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

    private readonly RunnerRepo _checkout = new();

    public void Dispose() => _checkout.Dispose();

    [Fact]
    public async Task A_read_only_job_taken_between_the_look_and_the_claim_leaves_the_runner_the_writing_job_behind_it()
    {
        var queue = _checkout.Queue;
        queue.Enqueue("reviewer", "Review the greeting.", null, writes: false);
        queue.Enqueue("implementer", "Add a greeting.", null, writes: true);
        queue.Enqueue("auditor", "Audit the greeting.", null, writes: false);
        var store = new ClaimedAfterTheLook(QueueBackends.Local(_checkout.Store), () => queue.Claim("another runner"));
        var agent = new CountingAgent();
        var said = new List<string>();
        await using var runner = _checkout.Runner(agent, _checkout.Open(store), said.Add);

        await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit);

        Assert.Equal("0001-reviewer", store.TakenByAnother?.Id);
        Assert.Equal((JobState.Running, "another runner"), (queue.Find("0001-reviewer")!.State, queue.Find("0001-reviewer")!.LeaseOwner));
        Assert.Equal("job 0002-implementer started (implementer, attempt 1 of 3)", said[0]);
        Assert.Equal((1, 1), (agent.Turns, queue.Find("0002-implementer")!.Attempts));
        Assert.Equal((JobState.Pending, 0), (queue.Find("0003-auditor")!.State, queue.Find("0003-auditor")!.Attempts));
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
