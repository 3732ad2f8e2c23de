using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Snapshots;

/// <summary>One row of the queue: a phase of a cycle, who ran it (null for a pause no agent plays), how often, how long, and where its logs are.</summary>
public sealed record JobRow(
    long Id,
    int Cycle,
    Phase Phase,
    Role? Role,
    JobStatus Status,
    int Attempts,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    string? Outcome,
    int Findings,
    string? JobDir)
{
    /// <summary>The sprint of a plan an earlier run of it ran this phase for ("sprint-1"); null for the current run's phases.</summary>
    public string? Sprint { get; init; }

    /// <summary>A queue job's id ("0003-reviewer"); null for a phase of a Run Mode run.</summary>
    public string? Name { get; init; }

    /// <summary>The agent a queue job runs on, when the job names one.</summary>
    public string? Agent { get; init; }

    /// <summary>A queue job's tokens and cost so far, the running turn's as its CLI reports them.</summary>
    public JobUsage Usage { get; init; } = JobUsage.None;

    /// <summary>Why a queue job is not taken yet and until when ("retry until 10:42:13"), or "blocked" on a person's answer; null when it can go.</summary>
    public string? Waiting { get; init; }

    /// <summary>Where a shared queue's job runs (or ran) when not in this checkout ("runs on pid 42 on HOST in /src/app", "ran elsewhere"), so its log is not here; null otherwise.</summary>
    public string? Where { get; init; }

    /// <summary>The pull request a done queue job opened; null when it opened none.</summary>
    public string? PrUrl { get; init; }

    /// <summary>
    /// A queue job as a row: its latest attempt's folder holds the log; a running job whose runner is gone shows as halted;
    /// <paramref name="behind"/> is the writing job a pending writer is held back behind (see <see cref="WriterOrder"/>).
    /// </summary>
    public static JobRow Of(Job job, QueuePaths paths, bool runnerAlive, DateTimeOffset now, Job? behind = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(paths);
        var status = job.State switch
        {
            JobState.Running => runnerAlive ? JobStatus.Running : JobStatus.Halted,
            JobState.Done => JobStatus.Done,
            JobState.Failed => JobStatus.Failed,
            JobState.Blocked => JobStatus.Blocked,
            _ when behind is not null => JobStatus.HeldBack,
            _ => JobStatus.Pending,
        };
        var dir = job.Attempts > 0 ? Path.Combine(paths.JobDir(job.Id), $"attempt-{job.Attempts}") : null;
        var waiting = job.State == JobState.Blocked ? "needs an answer"
            : behind is not null ? $"held back behind {behind.Id}"
            : job.State == JobState.Pending && job.NotBefore > now
            ? string.Create(CultureInfo.InvariantCulture, $"{(job.History.Count > 0 ? job.History[^1].Outcome : "waits")} until {job.NotBefore.UtcDateTime:HH:mm:ss}")
            : null;
        return new JobRow(job.Seq, 0, Phase.Implement, Role.Parse(job.Role), status, job.Attempts, job.Started ?? job.Created, job.Ended, job.Reason, 0, dir)
        {
            Name = job.Id,
            Agent = job.Agent,
            Usage = job.Usage,
            Waiting = waiting,
            PrUrl = job.Evidence?.PrUrl,
        };
    }
}
