namespace Ias.Core.Jobs.Retry;

/// <summary>What happens to a job after a failed attempt.</summary>
public enum RetryKind
{
    /// <summary>Back to pending, not before the backoff has passed.</summary>
    Retry,

    /// <summary>To failed, with the reason.</summary>
    Fail,

    /// <summary>Back to pending without using an attempt, and the whole queue waits until the usage limit resets.</summary>
    Park,
}
