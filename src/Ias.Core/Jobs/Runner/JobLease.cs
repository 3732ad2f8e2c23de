using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// Keeps a running job's lease while its agent works: renews it every third of a lease and writes the turn's tokens as
/// they grow, at most every <see cref="JobRunner.UsageInterval"/>; when another claim takes the job, or the queue is out of
/// reach, it stops the agent.
/// </summary>
internal sealed class JobLease
{
    private readonly JobQueue _queue;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _agent;
    private readonly CancellationTokenSource _stop = new();

    // The job's usage before this attempt; this turn's as its CLI reports it, written by the turn's events.
    private readonly JobUsage _spent;
    private JobUsage _live = JobUsage.None;

    // The job as its last renewal left it, written by the heartbeats' loop alone.
    private Job _held;
    private readonly Task _beats;

    public JobLease(JobQueue queue, Job job, TimeSpan lease, TimeProvider clock, CancellationTokenSource agent)
    {
        _queue = queue;
        _clock = clock;
        _agent = agent;
        _held = job;
        _spent = job.Usage;
        _beats = BeatAsync(lease);
    }

    /// <summary>Whether another claim took the job, and the agent was stopped for it.</summary>
    public bool Lost { get; private set; }

    /// <summary>The turn's usage so far, as its CLI reports it.</summary>
    public void Used(JobUsage turn) => Volatile.Write(ref _live, turn);

    /// <summary>Stops the renewals once the agent is done (the lease stays until the job is recorded); throws the queue's error if the lease could not be kept.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _beats;
        }
        finally
        {
            _stop.Dispose();
        }
    }

    /// <summary>The job renewed once more with the turn's whole <paramref name="usage"/>; null when another claim took it.</summary>
    public Job? Renew(JobUsage usage) => Lost ? null : _queue.Heartbeat(_held, _spent + usage);

    private async Task BeatAsync(TimeSpan lease)
    {
        var every = lease / 3;
        var tick = every < JobRunner.UsageInterval ? every : JobRunner.UsageInterval;
        var renewed = _clock.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(tick, _clock, _stop.Token);
                var usage = _spent + Volatile.Read(ref _live);
                if (usage == _held.Usage && _clock.GetUtcNow() - renewed < every - (tick / 2))
                {
                    continue;
                }

                renewed = _clock.GetUtcNow();
                if (_queue.Heartbeat(_held, usage) is { } current)
                {
                    _held = current;
                }
                else
                {
                    Lost = true;
                    await _agent.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The agent finished; the lease stays until the job is recorded.
        }
        catch (QueueException)
        {
            // The queue is out of reach (a shared queue's server ended the connection), so the lease cannot be kept: the
            // agent stops at once rather than work on unleased, and the runner stops with the queue's message.
            await _agent.CancelAsync();
            throw;
        }
    }
}
