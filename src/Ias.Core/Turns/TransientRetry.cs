using Ias.Core.Agents;
using Polly;
using Polly.Retry;

namespace Ias.Core.Turns;

/// <summary>The Polly pipeline behind <see cref="TurnAction.RetryWithBackoff"/>: a 429 or 5xx is tried again with exponential backoff and jitter.</summary>
public static class TransientRetry
{
    /// <summary>Retries a transient response up to <see cref="FailureActions.TransientAttempts"/> times in all, waiting about <paramref name="firstDelay"/>, then twice that, and so on.</summary>
    public static ResiliencePipeline<AgentResponse> Pipeline(TimeProvider clock, TimeSpan firstDelay, Func<bool> mayRetry, Action<int, TimeSpan, AgentResponse> onRetry) =>
        new ResiliencePipelineBuilder<AgentResponse> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<AgentResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && FailureActions.Of(r.Failure) == TurnAction.RetryWithBackoff && mayRetry()),
                MaxRetryAttempts = FailureActions.TransientAttempts - 1,
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
