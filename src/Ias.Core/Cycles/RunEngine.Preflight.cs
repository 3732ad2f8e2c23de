namespace Ias.Core.Cycles;

public sealed partial class RunEngine
{
    /// <summary>Jack-in checks; throws <see cref="RunModeException"/> on the first that fails. Changes nothing but the guardrails' log.</summary>
    public PreflightPlan Preflight(StartRequest request)
    {
        if (request.Options.DryRun)
        {
            // A dry run checks everything and writes nothing, the guardrails' log included.
            _guardrails ??= new RunGuardrails(_ctx, record: false);
        }

        return new PreflightChecks(_ctx) { SprintText = SprintText, CheckoutHeld = CheckoutHeld, Plan = (_inputs ?? Inputs)?.Plan, Guardrails = Guardrails }.Check(request);
    }

    /// <summary>Whether a target is a bug run's micro-sprint (`sprint-bug-N`).</summary>
    public static bool IsBugTarget(string target) => target.StartsWith("sprint-bug-", StringComparison.Ordinal);

    /// <summary>On resume: on the run's branch, and no stray edits outside an interrupted implement phase.</summary>
    private void EnsureBranchAndTree(bool force)
    {
        // The feedback a verdict wrote waits for the run's next commit: an engine stopped before it leaves it in the tree.
        var dirty = _ctx.Git.DirtyPaths().Where(p => !IsRunRecord(p)).ToList();
        var current = _ctx.Git.CurrentBranch();
        if (current != _run.Branch)
        {
            // Switching back could carry someone's work onto the run's branch; the person decides.
            throw new RunModeException(
                $"on branch {current ?? "(detached HEAD)"}, but run {_run.RunId} works on {_run.Branch}: commit or stash your changes, `git switch {_run.Branch}`, then `ias run-resume`");
        }

        // An implement phase cut off mid-way leaves the agent's edits in the tree; they are its work, kept and committed.
        var resumingImplement = (_run.Phase is Phase.RateLimited or Phase.AwaitingDecision ? _run.ResumePhase : _run.Phase) == Phase.Implement;
        if (dirty.Count > 0 && !resumingImplement && !force)
        {
            throw new RunModeException(
                $"work tree has {dirty.Count} uncommitted change(s) (e.g. {dirty[0]}) made outside the run; commit or stash them, or `ias run-resume --force` to fold them into the next implement commit");
        }
    }
}
