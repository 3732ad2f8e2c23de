using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// A checkout's writing jobs run one after another in their order (see <see cref="SqliteQueueStore.NextDue"/>): while the
/// first of them waits on a person's answer or a backoff, the pending ones behind it are held back, and say so.
/// </summary>
public static class WriterOrder
{
    /// <summary>The writing job each pending writer is held back behind, by the held job's id; empty when none is held back.</summary>
    public static IReadOnlyDictionary<string, Job> HeldBack(IEnumerable<Job> jobs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var writers = jobs.Where(j => j.Writes && j.State is JobState.Pending or JobState.Blocked).OrderBy(j => j.Seq).ToList();
        if (writers is not [var first, .. var behind] || (first.State == JobState.Pending && first.NotBefore <= now))
        {
            return new Dictionary<string, Job>();
        }

        return behind.Where(j => j.State == JobState.Pending).ToDictionary(j => j.Id, _ => first, StringComparer.Ordinal);
    }

    /// <summary>Why a writing job waits behind <paramref name="first"/>, in a line of `ias status`.</summary>
    public static string Why(Job first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return first.State == JobState.Blocked
            ? $"held back behind {first.Id}, which waits for an answer (`ias decisions`)"
            : $"held back behind {first.Id}, which waits until {first.NotBefore.UtcDateTime:HH:mm:ss} UTC";
    }
}
