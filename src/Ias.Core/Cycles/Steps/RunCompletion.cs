using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Steps;

/// <summary>
/// A run whose every check passed: the COMPLETED marker, COMPLETE, then publishing and JACKED_OUT; or, when it validates its
/// PR, back to RUNNING for the post-PR checks. A run whose owner publishes and validates (a consolidated sprint plan's last
/// sprint, a bug run) stays COMPLETE while its owner opens the PR, then validates it when the owner asks.
/// </summary>
internal sealed class RunCompletion(EngineContext ctx, LiveRun live, RunGit git, A2aWriter a2a, bool deferPublish, bool ownerValidates)
{
    private readonly LiveRun _live = live;

    /// <summary>Whether this run's PR is validated: on, with a check to run, and a PR of its own or of an owner who asks for it.</summary>
    private bool ValidatesPr => ValidationOn(ctx.Config.PostPr) && (!deferPublish || ownerValidates);

    /// <summary>Whether post-PR validation runs under <paramref name="postPr"/>: on, with at least one of its checks on.</summary>
    public static bool ValidationOn(PostPrConfig postPr) => postPr.Enabled && (postPr.Audit || postPr.E2e);

    /// <summary>Every check passed: COMPLETE, then publishing and JACKED_OUT.</summary>
    public PhaseEnd Complete(string why)
    {
        MarkCompleted(why);
        _live.Fire(RunTrigger.AllPassed, why);
        Finish();
        return PhaseEnd.Done;
    }

    /// <summary>Completion: push, draft PR, then JACKED_OUT with the PR's URL; a failed push keeps the run COMPLETE for a resume to retry.</summary>
    public RunSnapshot Finish()
    {
        if (deferPublish && ValidatesPr)
        {
            _live.Report($"{_live.Run.Target} passed review and audit; it stays COMPLETE while its PR is opened, then post-PR validation checks that PR");
            return _live.Run;
        }

        var outcome = git.Publish(incomplete: false);
        if (outcome.PushError is { } error)
        {
            _live.Report($"{_live.Run.Target} passed review and audit but is not pushed ({error}); it stays COMPLETE until `ias run-resume` pushes it");
            return _live.Run;
        }

        if (outcome.PrError is { } prError)
        {
            _live.Report($"{_live.Run.Target} passed review and audit and is pushed, but its draft PR was not opened ({prError}); it stays COMPLETE until `ias run-resume` opens it");
            return _live.Run;
        }

        if (ValidatesPr)
        {
            return StartValidation();
        }

        _live.Fire(RunTrigger.JackOut, $"{_live.Run.CycleCurrent} cycle(s), {_live.Run.Commits} commit(s), {_live.Run.FilesChanged} file change(s)");
        if (_live.Run.PrUrl is { } url)
        {
            _live.Report($"draft PR: {url}");
        }

        return _live.Run;
    }

    /// <summary>The draft is open (the run's own, or its owner's): COMPLETE → RUNNING at POST_PR_AUDIT.</summary>
    public RunSnapshot StartValidation()
    {
        _live.Fire(RunTrigger.Validate, $"draft PR {_live.Run.PrUrl ?? "text in .run/pr.md"} open; post-PR validation");
        _live.FirePhase(PhaseTrigger.Validate);
        _live.Persist();
        return _live.Run;
    }

    /// <summary>Review, audit and (if on) the red-team gate passed: the COMPLETED marker and the last feedback in a commit of their own.</summary>
    private void MarkCompleted(string why)
    {
        a2a.Write(A2aFiles.Completed, string.Create(CultureInfo.InvariantCulture,
            $"{_live.Run.Target} COMPLETED {_live.Now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n{why}\nrun {_live.Run.RunId} on {_live.Run.Branch}, {_live.Run.CycleCurrent} cycle(s)\n"));
        if (ctx.Config.CommitTrajectory && File.Exists(RunTrajectory.PathOf(ctx.Paths, _live.Run.RunId)))
        {
            // Already redacted line by line, and under the data policy, as it was written.
            a2a.Write(A2aFiles.Trajectory, File.ReadAllText(RunTrajectory.PathOf(ctx.Paths, _live.Run.RunId)), raw: true);
        }

        git.CommitRunRecords(SprintCommit.Completed(_live.Run.Target, why), _live.Run.CycleCurrent, "COMPLETED marker and feedback");
    }
}
