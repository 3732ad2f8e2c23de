using Ias.Core.Agents;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// The one gate every agent call of Run Mode, a sprint plan, a bug run and a queue job passes before it starts, retries included:
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
    /// <remarks>
    /// The check and the count are one write transaction on the window as ias.db holds it, so engines and runners at work
    /// beside this one never pass the hour's limit together. The call is at work (<see cref="SafetyStore.CallStarted"/>)
    /// until its caller records it and ends it, and until then the daily cap counts it for every other run.
    /// </remarks>
    public static CallRefusal? Ask(EngineContext ctx, RateLimiter rate, string runId, string agent)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(rate);
        CallRefusal? refused = null;
        ctx.Store.Transaction(() =>
        {
            rate.Reload(ctx.Safety.LoadRateLimit());
            var parked = ctx.Safety.Parked(agent, ctx.Clock.GetUtcNow());
            var beside = ctx.Safety.CallsBeside(runId);
            refused = Check(SpendCaps.From(ctx.Config.Budget), caps => Spend.Read(ctx.Runs, runId, caps, ctx.Clock.GetUtcNow()).WithBeside(beside), rate, parked);
            if (refused is null)
            {
                rate.CallStarted();
                ctx.Safety.CallStarted(runId);
            }

            // Reloaded in this transaction already: nothing to merge again.
            ctx.Safety.Replace(rate.Snapshot);
        });
        return refused;
    }

    /// <summary>The gate's rules for any caller, the queue's runner too: null when a call may start (not yet counted); otherwise why not.</summary>
    /// <remarks>
    /// The caller counts a call with <see cref="RateLimiter.CallStarted"/> once it starts one. <paramref name="spend"/> is read
    /// only when a cap is set. <paramref name="parked"/>: the call's CLI and the end of the usage limit another call of it
    /// met, which every agent of that CLI waits out.
    /// </remarks>
    public static CallRefusal? Check(SpendCaps caps, Func<SpendCaps, Spend> spend, RateLimiter rate, (string Agent, DateTimeOffset Until)? parked = null)
    {
        ArgumentNullException.ThrowIfNull(caps);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(rate);
        if (caps != SpendCaps.None && spend(caps).Refusal is { } over)
        {
            return new CallRefusal(CallRefusalKind.OverBudget, null, over);
        }

        if (parked is var (agent, until))
        {
            rate.WaitFor(until);
            return new CallRefusal(CallRefusalKind.Wait, until, $"{agent}'s usage limit, met by another call of this repository, lasts until {until:HH:mm} UTC; waiting");
        }

        var decision = rate.BeforeCall();
        return decision.Kind switch
        {
            RateDecisionKind.Proceed => null,
            RateDecisionKind.Wait => new CallRefusal(CallRefusalKind.Wait, decision.WaitUntil,
                $"hourly limit of {rate.Snapshot.Limit} calls reached; waiting until {decision.WaitUntil:HH:mm} UTC"),
            _ => new CallRefusal(CallRefusalKind.RateHalt, null,
                $"{RateLimiter.MaxConsecutiveWaits} consecutive waits for the hourly limit of {rate.Snapshot.Limit} calls"),
        };
    }
}
