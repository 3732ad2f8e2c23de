using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Snapshots;

/// <summary>
/// One run's jobs on a shared queue as a watcher keeps them: read whole at the first look, then at each look only the rows
/// written since the oldest transaction still open at the last one (<see cref="IJobChangeFeed"/>). The list is a new one
/// only when a row did change, so a dashboard watching an idle queue of 100,000 jobs reads and builds nothing each second.
/// </summary>
/// <remarks>A row seen again as it was (its transaction had ended before the last look, but after the horizon) costs a comparison.</remarks>
internal sealed class SharedJobs(string run)
{
    private readonly Dictionary<string, int> _at = [];
    private Job[] _jobs = [];
    private long[] _writers = [];
    private long? _horizon;

    /// <summary>The run's jobs in seq order, read through <paramref name="feed"/>: the same list as the last look's when nothing changed.</summary>
    public IReadOnlyList<Job> Read(IJobChangeFeed feed)
    {
        var look = feed.JobsChanged(run, _horizon);
        var (jobs, writers) = (_jobs, _writers);
        var added = new List<ChangedJob>();
        foreach (var row in look.Jobs)
        {
            if (!_at.TryGetValue(row.Job.Id, out var i))
            {
                added.Add(row);
            }
            else if (writers[i] != row.Writer)
            {
                // Copied at the first change, so a list handed out before stays as it was.
                if (ReferenceEquals(jobs, _jobs))
                {
                    (jobs, writers) = ((Job[])_jobs.Clone(), (long[])_writers.Clone());
                }

                (jobs[i], writers[i]) = (row.Job, row.Writer);
            }
        }

        if (added.Count > 0)
        {
            (jobs, writers) = Joined(jobs, writers, added);
        }

        (_jobs, _writers, _horizon) = (jobs, writers, look.Horizon);
        return _jobs;
    }

    /// <summary>The jobs with <paramref name="added"/> among them in seq order (an enqueue may commit after a later one's), each one's place indexed again.</summary>
    private (Job[], long[]) Joined(Job[] jobs, long[] writers, List<ChangedJob> added)
    {
        var all = jobs.Zip(writers, (job, writer) => new ChangedJob(job, writer)).Concat(added).OrderBy(r => r.Job.Seq).ToArray();
        _at.Clear();
        for (var i = 0; i < all.Length; i++)
        {
            _at[all[i].Job.Id] = i;
        }

        return ([.. all.Select(r => r.Job)], [.. all.Select(r => r.Writer)]);
    }
}
