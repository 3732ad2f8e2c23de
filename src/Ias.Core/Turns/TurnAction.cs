namespace Ias.Core.Turns;

/// <summary>What an orchestrator does after a turn, in the words every loop shares; each loop says it in its own terms.</summary>
public enum TurnAction
{
    /// <summary>The turn succeeded.</summary>
    Done,

    /// <summary>No retry can help: a person must log in, pay or fix the command line.</summary>
    Halt,

    /// <summary>A short-term 429 or 5xx: retry at once with exponential backoff and jitter.</summary>
    RetryWithBackoff,

    /// <summary>A crash, a timeout or output nothing understood: retry, up to a count.</summary>
    Retry,

    /// <summary>The network is gone: give it time to come back, then retry.</summary>
    WaitThenRetry,

    /// <summary>The account's usage limit: wait for its reset without spending an attempt.</summary>
    Park,

    /// <summary>Context, turns or budget ran out: the step ends incomplete, and would end the same way again.</summary>
    EndIncomplete,
}
