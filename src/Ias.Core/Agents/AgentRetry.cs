using Polly;
using Polly.Retry;

namespace Ias.Core.Agents;

/// <summary>
/// What the engine does with each failure class (issue 3 §4): how many attempts a step gets, and the Polly pipeline that
/// retries a short-term 429 or 5xx with exponential backoff and jitter.
/// </summary>
public static class AgentRetry
{
    /// <summary>Attempts a step gets while the API answers 429 or 5xx/overloaded.</summary>
    public const int TransientAttempts = 5;

    /// <summary>Attempts a step gets after the agent crashed: it is retried once.</summary>
    public const int CrashAttempts = 2;

    /// <summary>Whether no retry can help and the run halts at once (a human must log in, pay, or fix the command line).</summary>
    public static bool Halts(FailureClass failure) => failure is FailureClass.Auth or FailureClass.Billing or FailureClass.ConfigError;

    /// <summary>Attempts of one step for a failure class retried by the engine's loop; <paramref name="phaseAttempts"/> for the rest.</summary>
    public static int Attempts(FailureClass failure, int phaseAttempts) => failure switch
    {
        FailureClass.Crash => CrashAttempts,
        FailureClass.Transient => TransientAttempts,
        _ => phaseAttempts,
    };

    /// <summary>Retries a transient response up to <see cref="TransientAttempts"/> times in all, waiting about <paramref name="firstDelay"/>, then twice that, and so on.</summary>
    public static ResiliencePipeline<AgentResponse> Pipeline(TimeProvider clock, TimeSpan firstDelay, Func<bool> mayRetry, Action<int, TimeSpan, AgentResponse> onRetry) =>
        new ResiliencePipelineBuilder<AgentResponse> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<AgentResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Failure: FailureClass.Transient } && mayRetry()),
                MaxRetryAttempts = TransientAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,

                // Jitter keeps several runs that hit the same overloaded API from retrying in step.
                UseJitter = true,
                Delay = firstDelay,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result!);
                    return default;
                },
            })
            .Build();
}
