namespace Ias.Core.Config;

/// <summary>Where the job queue lives (ias.queue.backend).</summary>
public enum QueueBackend
{
    /// <summary>`.run/ias.db` in the checkout: one box's runner.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database in IAS_QUEUE_CONNECTION: many runners on many boxes, one queue.</summary>
    Postgres,
}
