namespace Ias.Core.Jobs.Records;

/// <summary>One runner's row of a run, as the store last heard from it: who (pid, host, checkout), its status and its job.</summary>
public sealed record RunnerRow(string Owner, RunnerStatus Status, string? CurrentJob, DateTimeOffset Updated)
{
    /// <summary>Whether the runner is still there: neither stopped nor lost.</summary>
    public bool Active => Status is not (RunnerStatus.Stopped or RunnerStatus.Lost);

    /// <summary>The agents the runner can start, as it recorded them; null for a runner that recorded none (it claims every job).</summary>
    public RunnerAgents? Agents { get; init; }

    /// <summary>
    /// The run's <see cref="QueueRun.Stops"/> when the runner started: the stops it obeys are the ones after. Null where the
    /// store keeps none (a checkout's own queue, whose one runner clears a stop as it starts; a row from an older ias).
    /// </summary>
    public long? StopsAtStart { get; init; }

    /// <summary>Whether a stop asked of <paramref name="run"/> waits for this runner: it is at work, and the stop came after its start.</summary>
    public bool Stopping(QueueRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Active && (StopsAtStart is { } before ? run.Stops > before : run.StopRequested);
    }

    /// <summary>The runner as it reads at <paramref name="now"/>: lost when not heard from for longer than <paramref name="lease"/> (and not stopped).</summary>
    public RunnerRow AsOf(DateTimeOffset now, TimeSpan lease) =>
        RunnerLiveness.IsLost(Status, Updated, lease, now) ? this with { Status = RunnerStatus.Lost } : this;
}
