using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Git;

namespace Ias.Core.Cycles;

/// <summary>
/// A run whose every check passed: the COMPLETED marker, COMPLETE, then publishing and JACKED_OUT; or, when it validates its
/// PR, back to RUNNING for the post-PR checks.
/// </summary>
internal sealed class RunCompletion(EngineContext ctx, LiveRun live, RunGit git, A2aWriter a2a, bool deferPublish)
{
    private readonly LiveRun _live = live;

    private PostPrConfig PostPr => ctx.Config.PostPr;

    /// <summary>Whether this run validates its PR: on, with a check to run, and the run publishes its own PR (a plan or a bug run does not).</summary>
    private bool ValidatesPr => PostPr.Enabled && (PostPr.Audit || PostPr.E2e) && !deferPublish;

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

    /// <summary>The draft is open: COMPLETE → RUNNING at POST_PR_AUDIT.</summary>
    private RunSnapshot StartValidation()
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
        git.CommitRunRecords(SprintCommit.Completed(_live.Run.Target, why), _live.Run.CycleCurrent, "COMPLETED marker and feedback");
    }
}
