using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// A queue store whose rows say which transaction last wrote each (a team's shared queue): a watcher asks for the rows
/// written since its last look instead of reading every job again.
/// </summary>
public interface IJobChangeFeed
{
    /// <summary>
    /// The run's jobs written by transaction <paramref name="from"/> or later (every job when null), in seq order, and the
    /// horizon to ask from next time.
    /// </summary>
    JobChanges JobsChanged(string run, long? from);
}

/// <summary>What one look found: the oldest transaction still open as it began (the next look asks from there), and the jobs written since the look before.</summary>
public sealed record JobChanges(long Horizon, IReadOnlyList<ChangedJob> Jobs);

/// <summary>A job as the store holds it and the transaction that wrote it last.</summary>
public sealed record ChangedJob(Job Job, long Writer);
