namespace Ias.Core.Config;

/// <summary>The ias.queue section: the job queue's lease (so a dead runner's job is taken over) and retries.</summary>
public sealed record QueueConfig(int MaxAttempts, TimeSpan BackoffBase, TimeSpan Lease)
{
    /// <summary>Three attempts, 30 seconds doubling between them, a 15-minute lease renewed by heartbeats.</summary>
    public static QueueConfig Defaults { get; } = new(MaxAttempts: 3, BackoffBase: TimeSpan.FromSeconds(30), Lease: TimeSpan.FromMinutes(15));

    /// <summary>ias.queue.retry.max_backoff_seconds: no wait between attempts grows beyond this, however many attempts are allowed (an hour).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>ias.queue.follow_ups.max_per_run: follow-up jobs the agents of one run may queue in all; more are refused.</summary>
    public int FollowUpsPerRun { get; init; } = 10;

    /// <summary>ias.queue.follow_ups.writing: whether a writing job may queue writing follow-ups (a read-only one never may).</summary>
    public bool WritingFollowUps { get; init; }

    /// <summary>
    /// ias.queue.outage_minutes: how long a runner that lost its database keeps its job's work and tries again before it gives
    /// up (a quarter of an hour: a server's restart or a network blip passes well within it).
    /// </summary>
    public TimeSpan OutageLimit { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often at most the runner folder catches up with the database while changes follow each other (a second); the
    /// first change after a quiet spell is written at once, and the last within the interval after it. Not a configuration key.
    /// </summary>
    public TimeSpan MirrorEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>ias.queue.backend: the checkout's own SQLite file (the default), or a PostgreSQL database a team's runners share.</summary>
    public QueueBackend Backend { get; init; } = QueueBackend.Sqlite;
}
