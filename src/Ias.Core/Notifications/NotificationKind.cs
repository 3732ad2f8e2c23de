namespace Ias.Core.Notifications;

/// <summary>The moments a person is told about; the hook sees each as its lower-case wire name (`usage_limit`, `pr_opened`).</summary>
public enum NotificationKind
{
    /// <summary>The run stopped: a halt request, a lost state, a bug run's end.</summary>
    Halted,

    /// <summary>The circuit breaker stopped the run.</summary>
    Tripped,

    /// <summary>The run or the queue finished its work (JACKED_OUT, READY_FOR_HITL, a drained queue).</summary>
    Completed,

    /// <summary>An agent asked a question and waits for an answer.</summary>
    Decision,

    /// <summary>The agent's usage limit stopped the work until its reset.</summary>
    UsageLimit,

    /// <summary>A draft PR was opened.</summary>
    PrOpened,

    /// <summary>A queue's runner lost its database and waits for it to come back, keeping its job's work.</summary>
    DatabaseLost,

    /// <summary>The last run or runner at work in the checkout ended: the night's report, in counts.</summary>
    Report,
}
