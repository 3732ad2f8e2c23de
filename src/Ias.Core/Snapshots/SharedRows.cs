using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// A shared queue's jobs as rows (<see cref="SharedQueue.Row"/>), made again only when something they show could differ:
/// new jobs, another set of active runners (whether a job's runner holds it), or a waiting job's time come. A dashboard
/// reads twice a second; a queue of 100,000 jobs is not 100,000 rows and folder lookups each time.
/// </summary>
internal sealed class SharedRows
{
    private (IReadOnlyList<Job> Jobs, string Active, DateTimeOffset Until, IReadOnlyList<JobRow> Rows)? _made;

    public IReadOnlyList<JobRow> Of(QueueSnapshot queue, RunPaths here, DateTimeOffset now)
    {
        var active = string.Join('\n', queue.Runners.Where(r => r.Active).Select(r => r.Owner).Order(StringComparer.Ordinal));
        if (_made is { } made && ReferenceEquals(made.Jobs, queue.Jobs) && made.Active == active && now < made.Until)
        {
            return made.Rows;
        }

        var rows = queue.Jobs.Select(j => SharedQueue.Row(j, queue, here, now)).ToList();
        // A pending job shows what it waits for until its time, and no longer.
        var until = queue.Jobs.Where(j => j.State == JobState.Pending && j.NotBefore > now).Select(j => j.NotBefore).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        _made = (queue.Jobs, active, until, rows);
        return rows;
    }
}
