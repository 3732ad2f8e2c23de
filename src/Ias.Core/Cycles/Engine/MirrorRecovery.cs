using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;

namespace Ias.Core.Cycles.Engine;

/// <summary>
/// A resume that finds no run in ias.db (deleted, or moved aside because it was damaged) but a run in `.run/state.json`
/// puts the run back from the mirrors: the run with its counters and cycle history from state.json, its breaker from
/// circuit-breaker.json, the hour's budget from rate-limit.json. The earlier phases, findings and agent calls are not in
/// those files and stay lost.
/// </summary>
internal static class MirrorRecovery
{
    /// <summary>The run as state.json holds it, saved into the database; null when there is no state.json to go by.</summary>
    public static RunSnapshot? Restore(EngineContext ctx, RunSnapshot? mirrored)
    {
        if (mirrored is null)
        {
            return null;
        }

        var cfg = ctx.Config.RunMode;
        mirrored = mirrored with { Commits = CommitsOnBranch(ctx, mirrored) };
        var files = ctx.SafetyFiles;
        var breaker = files.ReadBreaker()
            ?? CircuitBreaker.Fresh(mirrored.Started, mirrored.CycleLimit, mirrored.Options.TimeoutHours, cfg.SameIssueThreshold, cfg.NoProgressThreshold)
                with
            { CycleCurrent = mirrored.CycleCurrent }; // a fresh breaker still counts the cycles the run has had
        var rate = files.ReadRateLimit();
        ctx.Store.Transaction(() =>
        {
            ctx.Runs.SaveRun(mirrored);
            ctx.Safety.SaveBreaker(mirrored.RunId, breaker);
            if (rate is not null)
            {
                ctx.Safety.SaveRateLimit(rate);
            }

            ctx.Runs.AddEvent(mirrored.RunId, ctx.Clock.GetUtcNow(), RunEventKind.Recover,
                $"{ctx.Paths.Display(ctx.Paths.Database)} held no run; the run was put back from {ctx.Paths.Display(ctx.Paths.State)} and {ctx.Paths.Display(ctx.Paths.CircuitBreaker)} (earlier phases, findings and agent calls are not in those files)");
        });
        ctx.Progress($"recover: {ctx.Paths.Display(ctx.Paths.Database)} held no run; put run {mirrored.RunId} back from {ctx.Paths.Display(ctx.Paths.State)}");
        return mirrored;
    }

    /// <summary>
    /// The run's commits as its branch holds them (base_branch..branch): the files' count is only their writer's word, and
    /// publishing reads the run's range as its branch's last commits, so a wrong count names a revision that is not there.
    /// The files' count stands when the branch or its base is not in the repository.
    /// </summary>
    private static int CommitsOnBranch(EngineContext ctx, RunSnapshot run)
    {
        var git = ctx.Git;
        var baseBranch = ctx.Config.RunMode.BaseBranch;
        return git.Try("rev-parse", "--verify", "--quiet", $"refs/heads/{run.Branch}").Ok && git.Try("rev-parse", "--verify", "--quiet", baseBranch).Ok
            ? git.CountCommits(baseBranch, $"refs/heads/{run.Branch}")
            : run.Commits;
    }
}
