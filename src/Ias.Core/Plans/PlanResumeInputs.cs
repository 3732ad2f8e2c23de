using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Live;

namespace Ias.Core.Plans;

/// <summary>A resumed plan's copy of ias's inputs, as the plan took them when it started (`ias run-resume --reload-config` replaces it first).</summary>
internal static class PlanResumeInputs
{
    /// <summary>The plan's copy, completed with its sprints when an older ias kept none; what changed since is reported.</summary>
    public static RunInputs Load(EngineContext ctx, string planId, Action<string> report)
    {
        var store = new RunInputsStore(ctx.Store);
        if (store.Load(planId) is not { } kept)
        {
            var taken = RunInputs.Capture(ctx.RepoRoot, ctx.Clock.GetUtcNow()).TakePlan(ctx.RepoRoot);
            store.Save(planId, taken);
            report($"plan {planId} was started by an ias that kept no copy of its inputs; it takes {string.Join(", ", RunInputs.Paths)} as they are now, fixed from here on");
            return taken;
        }

        if (kept.ChangedIn(ctx.RepoRoot) is { Count: > 0 } changed)
        {
            report($"{string.Join(", ", changed)} changed since plan {planId} started; its sprints keep the copy it took then (`ias run-resume --reload-config` takes the files as they are)");
        }

        if (kept.Plan is null)
        {
            var withPlan = kept.TakePlan(ctx.RepoRoot);
            store.Save(planId, withPlan);
            report($"plan {planId} kept no copy of its sprints (an older ias started it); it takes them as they are now, fixed from here on");
            return withPlan;
        }

        if (kept.PlanEdits(ctx.RepoRoot) is { Count: > 0 } edits)
        {
            report($"the sprint plan differs from plan {planId}'s copy ({string.Join("; ", edits)}); its sprints keep the text it took then");
        }

        return kept;
    }
}
