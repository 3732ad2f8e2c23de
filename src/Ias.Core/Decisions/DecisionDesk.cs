using Ias.Core.Storage;

namespace Ias.Core.Decisions;

/// <summary>
/// Where a person answers: a checkout's question (D1) in its `.run/ias.db` (<paramref name="local"/>, null when there is
/// none), a shared queue's (Q1) in <paramref name="shared"/> (null when this checkout shares no queue); the waiting engine
/// or runner finds the answer there. A checkout's answer goes into the repository's record at once; a shared question's
/// record is the asking checkout's, which its runner writes when it takes the answer.
/// </summary>
public sealed class DecisionDesk(RunStore? local, IDecisionStore? shared, string repoRoot, TimeProvider clock)
{
    /// <summary>The answered decision, or null with the one line that says why not (unknown id, already answered, empty answer).</summary>
    public Decision? Answer(string id, string answer, out string? error)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(answer);
        error = null;
        if (answer.Trim().Length == 0)
        {
            error = $"the answer to {id} is empty; give it in quotes: ias answer {id} \"…\"";
            return null;
        }

        var paths = new RunPaths(repoRoot);
        var ofTeam = DecisionIds.Shared.Names(id);
        IDecisionStore? decisions = ofTeam ? shared : local is null ? null : new DecisionStore(local);
        if (decisions is null)
        {
            error = ofTeam
                ? $"no decision {id}: it names a shared queue's question and this checkout shares no queue (ias.queue.backend: postgres); answer it from a checkout that does"
                : $"no decision {id}: {paths.Display(paths.Database)} does not exist, so no agent has asked anything here";
            return null;
        }

        var decision = decisions.Answer(id, answer.Trim(), clock.GetUtcNow(), out var already);
        if (decision is null)
        {
            error = $"no decision {id} in {(ofTeam ? "the shared queue" : paths.Display(local!.FilePath))}; `ias decisions` lists the open ones";
            return null;
        }

        if (already)
        {
            error = $"decision {decision.Id} was already answered at {decision.Answered:yyyy-MM-dd HH:mm} UTC and an answer is not changed; `ias decisions` lists the open ones";
            return null;
        }

        // The answer goes where the question was recorded: a job's record in the checkout; a run's is in its worktree, where
        // its engine writes the answer as it hands it over. Refused only where an agent linked the folder away; the answer is
        // in the database, which is what counts.
        if (!ofTeam && File.Exists(Path.Combine(repoRoot, DecisionRecordFile.RelativePath(decision))))
        {
            _ = DecisionRecordFile.Write(repoRoot, decision);
        }

        return decision;
    }
}
