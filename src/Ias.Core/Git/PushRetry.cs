using Polly;
using Polly.Retry;

namespace Ias.Core.Git;

/// <summary>Retries a push that failed for a network reason (3 attempts, exponential backoff); a rejection or an auth failure is final at once.</summary>
public static class PushRetry
{
    public const int Attempts = 3;

    // A message with one of these is final whatever else it says: retrying cannot change the answer.
    private static readonly string[] Final =
    [
        "rejected", "non-fast-forward", "authentication failed", "permission denied", "could not read username",
        "could not read password", "repository not found", "does not appear to be a git repository", "hook declined",
        "pre-push hook", "protected branch", "error: 401", "error: 403", "error: 404", "invalid username or password",
    ];

    private static readonly string[] Transient =
    [
        "could not resolve host", "connection timed out", "connection reset", "connection refused", "operation timed out",
        "timed out after", "the remote end hung up unexpectedly", "early eof", "rpc failed", "returned error: 5",
        "ssl", "gnutls", "temporary failure", "network is unreachable", "broken pipe", "unexpected disconnect",
        "could not connect", "failed to connect",
    ];

    /// <summary>Whether git's message describes a failure worth trying again.</summary>
    public static bool IsTransient(string gitMessage)
    {
        var m = gitMessage.ToLowerInvariant();
        return !Final.Any(m.Contains) && Transient.Any(m.Contains);
    }

    /// <summary>The pipeline: <see cref="Attempts"/> attempts, waits of <paramref name="firstDelay"/>, then twice that, on <paramref name="clock"/>.</summary>
    public static ResiliencePipeline Pipeline(TimeProvider clock, TimeSpan firstDelay, Action<int, TimeSpan, string>? onRetry = null) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<GitException>(e => IsTransient(e.GitMessage)),
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = firstDelay,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "");
                    return default;
                },
            })
            .Build();
}
