using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// Taking a checkout's own run over from a runner that holds its lock but is lost (frozen by SIGSTOP, a suspended machine):
/// the OS keeps a frozen process's lock, so the lock file is replaced, and the run's row names the new runner in the same
/// write transaction, so of two runners starting at once only one takes it. The frozen one, if it wakes, finds the row
/// naming another runner and stops; its job's lease has run out, so it can record nothing.
/// </summary>
public static class RunnerTakeover
{
    /// <summary>The run's lock for <paramref name="owner"/> when its holder is lost; null when the holder was heard from within <paramref name="lease"/>.</summary>
    public static EngineLock? FromLost(JobQueue queue, string owner, TimeSpan lease, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(clock);
        EngineLock? taken = null;
        queue.Batch(() =>
        {
            var run = queue.State;
            var now = clock.GetUtcNow();
            if (!RunnerLiveness.IsLost(run.RunnerStatus, run.Updated, lease, now))
            {
                return;
            }

            // A new file at the path: the frozen runner's lock stays on the old one, which nobody else opens any more.
            File.Delete(queue.Paths.Lock);
            taken = EngineLock.TryAcquire(queue.Paths.Lock, owner, out _);
            if (taken is not null)
            {
                queue.SetRunner(RunnerStatus.Idle, owner);
            }
        });
        return taken;
    }
}
