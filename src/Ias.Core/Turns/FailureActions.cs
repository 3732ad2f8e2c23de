using Ias.Core.Agents;

namespace Ias.Core.Turns;

/// <summary>
/// The one table from a failure class to what happens next, read by Run Mode, sprint plans, bug runs and the queue alike,
/// and how many attempts a step gets for the classes Run Mode counts itself.
/// </summary>
public static class FailureActions
{
    /// <summary>Attempts a step gets while the API answers 429 or 5xx/overloaded.</summary>
    public const int TransientAttempts = 5;

    /// <summary>Attempts a step gets after the agent crashed: it is retried once.</summary>
    public const int CrashAttempts = 2;

    public static TurnAction Of(FailureClass failure) => failure switch
    {
        FailureClass.None => TurnAction.Done,
        FailureClass.Auth or FailureClass.Billing or FailureClass.ConfigError or FailureClass.Breach => TurnAction.Halt,
        FailureClass.Transient => TurnAction.RetryWithBackoff,
        FailureClass.Network => TurnAction.WaitThenRetry,
        FailureClass.UsageLimit => TurnAction.Park,
        FailureClass.Incomplete => TurnAction.EndIncomplete,

        // Crash, Timeout, Garbage and what matches no known class may go another way the next time.
        _ => TurnAction.Retry,
    };

    /// <summary>Whether another attempt may end differently.</summary>
    public static bool Retries(FailureClass failure) => Of(failure) is TurnAction.RetryWithBackoff or TurnAction.Retry or TurnAction.WaitThenRetry;

    /// <summary>Attempts of one step for a failure class Run Mode retries in the phase; <paramref name="phaseAttempts"/> for the rest.</summary>
    public static int Attempts(FailureClass failure, int phaseAttempts) => failure switch
    {
        FailureClass.Crash => CrashAttempts,
        FailureClass.Transient => TransientAttempts,
        _ => phaseAttempts,
    };
}
