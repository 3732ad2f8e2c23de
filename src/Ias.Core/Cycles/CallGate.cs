using Ias.Core.Agents;
using Ias.Core.Safety;

namespace Ias.Core.Cycles;

/// <summary>
/// The one gate every agent call of Run Mode, a sprint plan and a bug run passes before it starts, retries included:
/// the spend caps first (a run over budget halts, it does not wait out an hour first), then the hourly rate limit.
/// A call let through is counted at once, so the hour never holds more calls than its limit.
/// </summary>
internal static class CallGate
{
    /// <summary>What an attempt the gate refused answers in place of an agent: no process ran, nothing to retry.</summary>
    public static readonly AgentResponse NotStarted =
        new(false, FailureClass.None, "", null, 0, 0, 0, 0m, null, false, null, "not started: the gate before the call refused it");

    /// <summary>
    /// The repository's rate window with the limit the configuration sets now: the hourly budget belongs to the repository,
    /// not to one run, so a new run, a sprint plan's next sprint and a bug's triage inherit this hour's calls.
    /// </summary>
    public static RateLimiter Rate(EngineContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var saved = ctx.Safety.LoadRateLimit();

        // The original tools' calls count too: their rate-limit.json, when it has seen more of this hour than ias.db has.
        if (ctx.SafetyFiles.ReadRateLimit() is { } file
            && (saved is null || file.CurrentHour > saved.CurrentHour || (file.CurrentHour == saved.CurrentHour && file.CallsThisHour > saved.CallsThisHour)))
        {
            saved = file;
        }

        var limit = ctx.Config.RunMode.CallsPerHour;
        return new RateLimiter(saved is null ? RateLimiter.Fresh(ctx.Clock.GetUtcNow(), limit) : saved with { Limit = limit }, ctx.Clock);
    }

    /// <summary>Null when the call may start (and is now counted); otherwise why it may not.</summary>
    public static CallRefusal? Ask(EngineContext ctx, RateLimiter rate, string runId)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(rate);
        var caps = SpendCaps.From(ctx.Config.Budget);
        if (caps != SpendCaps.None && Spend.Read(ctx.Runs, runId, caps, ctx.Clock.GetUtcNow()).Refusal is { } over)
        {
            return new CallRefusal(CallRefusalKind.OverBudget, null, over);
        }

        var decision = rate.BeforeCall();
        switch (decision.Kind)
        {
            case RateDecisionKind.Proceed:
                rate.CallStarted();
                return null;
            case RateDecisionKind.Wait:
                return new CallRefusal(CallRefusalKind.Wait, decision.WaitUntil,
                    $"hourly limit of {rate.Snapshot.Limit} calls reached; waiting until {decision.WaitUntil:HH:mm} UTC");
            default:
                return new CallRefusal(CallRefusalKind.RateHalt, null,
                    $"{RateLimiter.MaxConsecutiveWaits} consecutive waits for the hourly limit of {rate.Snapshot.Limit} calls");
        }
    }
}
