using Ias.Core.Agents;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;

namespace Ias.Core.Bugs;

/// <summary>A bug's triage call as every engine turn makes one: asked of the gate first, then recorded with every other call.</summary>
internal static class TriageCalls
{
    /// <summary>The triage asks the gate every engine turn asks: null when the call may start, otherwise what halts the bug.</summary>
    /// <remarks>The bug has no run yet to park in RATE_LIMITED, so a wait for the hour boundary (or a CLI's usage limit) happens here.</remarks>
    public static async Task<CallRefusal?> GateAsync(EngineContext ctx, RateLimiter rate, string bugId, string agent, Action<string> report, CancellationToken ct)
    {
        ctx.SafetyFiles.Adopt(); // rate-limit.json is the repository's, left by the last run: this process takes it over
        while (true)
        {
            var refused = CallGate.Ask(ctx, rate, $"bug-{bugId}", agent); // saved in ias.db by the ask itself
            ctx.SafetyFiles.WriteRateLimit(rate.Snapshot);
            if (refused is not { Kind: CallRefusalKind.Wait, WaitUntil: { } until })
            {
                return refused;
            }

            report($"triage: {refused.Line}");
            var now = ctx.Clock.GetUtcNow();
            if (until > now)
            {
                await Task.Delay(until - now, ctx.Clock, ct);
            }

            rate.WaitEnded();
        }
    }

    /// <summary>The triage's call goes into the calls table with every other, under the bug's name, so its cost counts towards the day.</summary>
    public static void Record(EngineContext ctx, RateLimiter rate, string bugId, AgentRequest request, AgentResponse response, DateTimeOffset started)
    {
        if (response.Failure != FailureClass.UsageLimit)
        {
            rate.CallCompleted();
            ctx.Safety.SaveRateLimit(rate.Snapshot);
            ctx.SafetyFiles.WriteRateLimit(rate.Snapshot);
        }
        else
        {
            // Every other call of the CLI in the repository waits the limit out.
            ctx.Safety.Park(request.Settings.Agent.Name, response.UsageResetsAt, ctx.Clock.GetUtcNow());
        }

        ctx.Runs.AddAgentCall(AgentCallRecord.Finished($"bug-{bugId}", 1, Phase.Implement, request, response, started, ctx.Clock.GetUtcNow()));
        ctx.Safety.CallEnded($"bug-{bugId}");
    }
}
