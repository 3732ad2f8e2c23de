namespace Ias.Core.Cycles;

/// <summary>The run's inputs: taken once at jack-in, kept in ias.db, used by every later turn and by a resume.</summary>
public sealed partial class RunEngine
{
    private RunInputs _inputs = null!;
    private RunGuardrails? _guardrails;
    private IReadOnlyList<string> _planEditsSeen = [];

    /// <summary>
    /// Inputs a caller took for this run, with the context's configuration already read from them (a sprint plan takes
    /// them once for all its sprints, a bug run before its triage). Null: the engine takes them itself at jack-in and, on
    /// resume, uses the run's copy.
    /// </summary>
    public RunInputs? Inputs { get; init; }

    private RunInputsStore InputsStore => new(_ctx.Store);

    /// <summary>The input guardrails as the run's configuration sets them.</summary>
    private RunGuardrails Guardrails => _guardrails ??= new RunGuardrails(_ctx);

    /// <summary>At jack-in, before pre-flight, so the checks and the whole run read one version of the files.</summary>
    private void TakeInputs()
    {
        _inputs = Inputs ?? RunInputs.Capture(_ctx.RepoRoot, Now);
        UseInputs();

        // The whole plan, not only this sprint: a plan run's later sprints and a resume read this copy, never the tree.
        if (SprintText is null && _inputs.Plan is null)
        {
            _inputs = _inputs.TakePlan(_ctx.RepoRoot);
        }
    }

    /// <summary>The sprint plan this run reads: its pinned copy, or the tree's when pre-flight runs on its own (a dry run).</summary>
    private SprintPlan PinnedPlan() =>
        (_inputs ?? Inputs)?.Plan ?? SprintPlan.Discover(_ctx.RepoRoot, _ctx.Config.SprintPlan);

    /// <summary>Stores the run's copy under its id once the run has one.</summary>
    private void KeepInputs() => InputsStore.Save(_run.RunId, _inputs);

    /// <summary>On resume: the run's own copy, whatever the files say now (`ias run-resume --reload-config` replaces it first).</summary>
    private void ResumeInputs()
    {
        if (Inputs is { } given)
        {
            _inputs = given;
            KeepInputs();
            return;
        }

        if (InputsStore.Load(_run.RunId) is { } kept)
        {
            _inputs = kept;
            if (kept.ChangedIn(_ctx.RepoRoot) is { Count: > 0 } changed)
            {
                Event(RunEventKind.Inputs, $"{string.Join(", ", changed)} changed since run {_run.RunId} started; it keeps the copy it took then (`ias run-resume --reload-config` takes the files as they are)");
            }
        }
        else
        {
            _inputs = RunInputs.Capture(_ctx.RepoRoot, Now);
            KeepInputs();
            Event(RunEventKind.Inputs, $"run {_run.RunId} was started by an ias that kept no copy of its inputs; it takes {string.Join(", ", RunInputs.Paths)} as they are now, fixed from here on");
        }

        UseInputs();
        if (SprintText is null && _inputs.Plan is null)
        {
            _inputs = _inputs.TakePlan(_ctx.RepoRoot);
            KeepInputs();
            Event(RunEventKind.Inputs, $"run {_run.RunId} kept no copy of its sprint plan (an older ias started it); it takes the plan as it is now, fixed from here on");
        }
    }

    private void UseInputs()
    {
        if (Inputs is null)
        {
            _ctx = _ctx.WithInputs(_inputs);
            _guardrails = null; // made again from the run's copy of the configuration
        }
    }

    /// <summary>After a turn: its edits to ias's own inputs (against <paramref name="before"/>, a look taken before it) are logged; they never take effect in this run, and the PR lists them.</summary>
    private void NoteInputChanges(string role, IReadOnlyDictionary<string, string?> before)
    {
        var edited = RunInputs.Differing(before, RunInputs.Look(_ctx.RepoRoot));
        if (edited.Count > 0)
        {
            Event(RunEventKind.Inputs, $"the {role} edited ias's own inputs ({string.Join(", ", edited)}); this run keeps the copy it took at jack-in, and the PR lists them");
        }

        // Said once per new difference: the plan stays edited for every later turn, which reads the pinned copy all the same.
        var planEdits = _inputs.PlanEdits(_ctx.RepoRoot);
        if (planEdits.Count > 0 && !planEdits.SequenceEqual(_planEditsSeen))
        {
            Event(RunEventKind.Inputs, $"the sprint plan differs from this run's copy after the {role}'s turn ({string.Join("; ", planEdits)}); every sprint keeps the text taken at jack-in, and the PR lists the edits");
        }

        _planEditsSeen = planEdits;
    }
}
