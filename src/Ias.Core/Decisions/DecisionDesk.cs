using Ias.Core.Storage;

namespace Ias.Core.Decisions;

/// <summary>Where a person answers: the answer goes to ias.db, where the waiting engine finds it, and into the repository's record.</summary>
public sealed class DecisionDesk(RunStore store, string repoRoot, TimeProvider clock)
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

        var decisions = new DecisionStore(store);
        var decision = decisions.Answer(id, answer.Trim(), clock.GetUtcNow(), out var already);
        if (decision is null)
        {
            error = $"no decision {id} in {new RunPaths(repoRoot).Display(store.FilePath)}; `ias decisions` lists the open ones";
            return null;
        }

        if (already)
        {
            error = $"decision {decision.Id} was already answered at {decision.Answered:yyyy-MM-dd HH:mm} UTC and an answer is not changed; `ias decisions` lists the open ones";
            return null;
        }

        DecisionRecordFile.Write(repoRoot, decision);
        return decision;
    }
}
