using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Turns;

namespace Ias.Core.Jobs.Retry;

/// <summary>
/// Automatic retry: transient failures come back after an exponential backoff with jitter, at most
/// ias.queue.retry.max_attempts attempts; failures a human must fix fail at once; a usage limit parks the queue.
/// </summary>
public sealed class RetryPolicy(QueueConfig config, Random random)
{
    public int MaxAttempts => config.MaxAttempts;

    /// <summary>
    /// The wait after attempt <paramref name="attempt"/> (1-based): base × 2^(attempt−1), capped, of which the second half is
    /// random ("equal jitter"), so runners that failed together do not all come back in the same second.
    /// </summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = config.BackoffBase.TotalSeconds * Math.Pow(2, Math.Clamp(attempt, 1, 30) - 1);
        var capped = Math.Min(exponential, config.MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds((capped / 2) + (capped / 2 * random.NextDouble()));
    }

    /// <summary>What to do after attempt number <paramref name="attempts"/> failed with <paramref name="failure"/>.</summary>
    public RetryDecision Decide(FailureClass failure, int attempts, DateTimeOffset now, DateTimeOffset? resetsAt)
    {
        var name = Wire(failure);
        if (failure == FailureClass.UsageLimit)
        {
            var until = resetsAt is { } r && r > now ? r : now + TimeSpan.FromHours(1);
            return new RetryDecision(RetryKind.Park, until, $"{name}: the agent's usage limit resets at {until:u}");
        }

        if (!FailureActions.Retries(failure))
        {
            return new RetryDecision(RetryKind.Fail, now, $"{name}: retrying cannot help; fix the cause, then `ias retry-failed`");
        }

        if (GivesUp(failure, attempts))
        {
            return new RetryDecision(RetryKind.Fail, now, $"{name}: gave up after {attempts} attempt(s) (ias.queue.retry.max_attempts is {config.MaxAttempts})");
        }

        var wait = Backoff(attempts);
        return new RetryDecision(RetryKind.Retry, now + wait, $"{name}: attempt {attempts} of {config.MaxAttempts} failed; next after {wait.TotalSeconds:0.#}s");
    }

    /// <summary>Whether attempt number <paramref name="attempts"/> failing with <paramref name="failure"/> ends the job in failed.</summary>
    public bool GivesUp(FailureClass failure, int attempts) =>
        failure != FailureClass.UsageLimit && (!FailureActions.Retries(failure) || attempts >= config.MaxAttempts);

    /// <summary>The failure's name as the job files spell it: usage_limit.</summary>
    public static string Wire(FailureClass failure) => StateMachines.WireName.Of(failure).ToLowerInvariant();
}
