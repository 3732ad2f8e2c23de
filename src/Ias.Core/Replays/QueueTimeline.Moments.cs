using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety;
using Ias.Core.Snapshots;

namespace Ias.Core.Replays;

public sealed partial class QueueTimeline
{
    /// <summary>
    /// The queue as the live dashboard showed it at moment <paramref name="index"/>: the jobs enqueued by then, each in the
    /// state its last move left it, the runner at work on the running one, the breaker's trips and the checkout's hourly
    /// calls so far, with the clock at the moment. The last moment shows the run as it was left, with no runner.
    /// </summary>
    public EngineSnapshot At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var moment = Moment(index);
        var alive = !moment.Last;
        var jobs = moment.Last ? _jobs : JobsAt(index);
        var running = jobs.FirstOrDefault(j => j.State == JobState.Running);
        var runner = alive ? Runner(index) : null;
        var run = moment.Last ? _run : _run with
        {
            RunnerStatus = running is null ? RunnerStatus.Idle : RunnerStatus.Running,
            RunnerOwner = runner,
            CurrentJob = running?.Id,
            StopRequested = false,
            ParkedUntil = null,
            ParkedReason = null,
            Updated = moment.At,
        };
        var queue = new QueueSnapshot(run, jobs, alive, runner);
        var rows = jobs.Select(j => JobRow.Of(j, _paths, alive, moment.At)).ToList();
        var status = new RunStatus(null, BreakerAt(moment), HourlyCalls.At(_rate, _checkoutCalls, moment.At, Until(index)), alive, runner, moment.At);
        return new EngineSnapshot(status, rows, running?.Agent) { Queue = queue, Replayed = moment };
    }

    /// <summary>Every job enqueued by moment <paramref name="index"/>, as its last move by then left it.</summary>
    private List<Job> JobsAt(int index)
    {
        var last = new Dictionary<int, QueueMove>();
        foreach (var m in _moves.Take(index + 1).Where(m => m.Job >= 0))
        {
            last[m.Job] = m;
        }

        return [.. last.OrderBy(p => p.Key).Select(p => JobAt(_jobs[p.Key], p.Value))];
    }

    /// <summary>
    /// <paramref name="job"/> as <paramref name="move"/> left it: its state, attempts and the history ended by then; an
    /// attempt under way holds the runner's lease, and only a job at its last move shows what its turns used and left.
    /// </summary>
    private static Job JobAt(Job job, QueueMove move)
    {
        var history = job.History.Take(move.Ended).ToList();
        var now = move.State == JobState.Running;
        var final = move.State == job.State && move.Ended == job.History.Count && move.Attempts == job.Attempts;
        var attempt = now ? job.History.ElementAtOrDefault(move.Ended) : history.LastOrDefault();
        return job with
        {
            State = move.State,
            Attempts = move.Attempts,
            // Claims leave the not-before time as they find it: the row's is the one its latest move set.
            NotBefore = move.Ended == job.History.Count ? job.NotBefore : move.At,
            Started = move.Attempts == 0 ? null : now ? move.At : attempt?.Started ?? job.Started,
            Ended = move.State is JobState.Done or JobState.Failed ? move.At : null,
            LeaseOwner = now ? attempt?.By ?? job.LeaseOwner : null,
            LeaseExpires = null,
            Reason = final ? job.Reason : history.LastOrDefault()?.Reason,
            Failure = final ? job.Failure : null,
            Evidence = final ? job.Evidence : null,
            Usage = final && !now ? job.Usage : JobUsage.None,
            History = history,
        };
    }

    /// <summary>The runner at work by moment <paramref name="index"/>: the one that made the latest attempt begun by then, as its history names it.</summary>
    private string? Runner(int index)
    {
        var begun = _moves.Take(index + 1).LastOrDefault(m => m.Kind == QueueMove.Claimed);
        if (begun is null)
        {
            return null;
        }

        var job = _jobs[begun.Job];
        return job.History.ElementAtOrDefault(begun.Ended)?.By ?? job.LeaseOwner;
    }

    /// <summary>
    /// The queue's breaker as it stood: its thresholds as it was left, the trips recorded by then, OPEN from a trip on when it
    /// was left OPEN. Its streaks are the stored ones only at the last moment: ias.db keeps no history of them.
    /// </summary>
    private BreakerSnapshot? BreakerAt(ReplayMoment moment)
    {
        if (_breaker is not { } left || moment.Last)
        {
            return _breaker;
        }

        var trips = left.History.Where(t => t.Timestamp < Until(moment.Index)).ToList();
        var open = left.State == BreakerState.Open && trips.Count > 0;
        return left with { State = open ? BreakerState.Open : BreakerState.Closed, SameIssueCount = 0, NoProgressCount = 0, History = trips };
    }
}
