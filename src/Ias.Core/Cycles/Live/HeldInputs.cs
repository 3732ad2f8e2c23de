using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Records;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// The run's inputs as its engine holds them: taken once at jack-in, kept in ias.db, used by every later turn and by a
/// resume. <see cref="Context"/> carries their configuration once they are in place.
/// </summary>
internal sealed class HeldInputs(EngineContext ctx, RunInputs? given, bool sprintGiven)
{
    private RunGuardrails? _guardrails;
    private IReadOnlyList<string> _planEditsSeen = [];

    public EngineContext Context { get; private set; } = ctx;

    public RunInputs Inputs { get; private set; } = null!;

    private RunInputsStore Store => new(Context.Store);

    /// <summary>The input guardrails as the run's configuration sets them.</summary>
    public RunGuardrails Guardrails => _guardrails ??= new RunGuardrails(Context);

    /// <summary>A dry run checks everything and writes nothing, the guardrails' log included.</summary>
    public void DryRun() => _guardrails ??= new RunGuardrails(Context, record: false);

    /// <summary>At jack-in, before pre-flight, so the checks and the whole run read one version of the files.</summary>
    public void Take()
    {
        Inputs = given ?? RunInputs.Capture(Context.RepoRoot, Context.Clock.GetUtcNow());
        Use();

        // The whole plan, not only this sprint: a plan run's later sprints and a resume read this copy, never the tree.
        if (!sprintGiven && Inputs.Plan is null)
        {
            Inputs = Inputs.TakePlan(Context.RepoRoot);
        }
    }

    /// <summary>The sprint plan this run pinned; null before the inputs are taken (pre-flight on its own reads the tree's).</summary>
    public SprintPlan? PinnedPlan => (Inputs ?? given)?.Plan;

    /// <summary>The sprint plan this run reads: its pinned copy, or the tree's when pre-flight runs on its own (a dry run).</summary>
    public SprintPlan Plan() => PinnedPlan ?? SprintPlan.Discover(Context.RepoRoot, Context.Config.SprintPlan);

    /// <summary>From now on the run's git works in <paramref name="tree"/>, its worktree, not in the person's checkout.</summary>
    public void WorkIn(Git.GitCli tree) => Context = Context with { Git = tree };

    /// <summary>Stores the run's copy under its id once the run has one.</summary>
    public void Keep(string runId) => Store.Save(runId, Inputs);

    /// <summary>On resume: the run's own copy, whatever the files say now (`ias run-resume --reload-config` replaces it first).</summary>
    public void Resume(LiveRun live)
    {
        var runId = live.Run.RunId;
        if (given is not null)
        {
            Inputs = given;
            Keep(runId);
            return;
        }

        if (Store.Load(runId) is { } kept)
        {
            Inputs = kept;
            if (kept.ChangedIn(Context.RepoRoot) is { Count: > 0 } changed)
            {
                live.Event(RunEventKind.Inputs, $"{string.Join(", ", changed)} changed since run {runId} started; it keeps the copy it took then (`ias run-resume --reload-config` takes the files as they are)");
            }
        }
        else
        {
            Inputs = RunInputs.Capture(Context.RepoRoot, live.Now);
            Keep(runId);
            live.Event(RunEventKind.Inputs, $"run {runId} was started by an ias that kept no copy of its inputs; it takes {string.Join(", ", RunInputs.Paths)} as they are now, fixed from here on");
        }

        Use();
        if (!sprintGiven && Inputs.Plan is null)
        {
            Inputs = Inputs.TakePlan(Context.RepoRoot);
            Keep(runId);
            live.Event(RunEventKind.Inputs, $"run {runId} kept no copy of its sprint plan (an older ias started it); it takes the plan as it is now, fixed from here on");
        }
    }

    private void Use()
    {
        if (given is null)
        {
            Context = Context.WithInputs(Inputs);
            _guardrails = null; // made again from the run's copy of the configuration
        }
    }

    /// <summary>After a turn: its edits to ias's own inputs (against <paramref name="before"/>, a look taken before it) are logged; they never take effect in this run, and the PR lists them.</summary>
    public void NoteChanges(LiveRun live, string role, IReadOnlyDictionary<string, string?> before)
    {
        var edited = RunInputs.Differing(before, RunInputs.Look(Context.WorkTree));
        if (edited.Count > 0)
        {
            live.Event(RunEventKind.Inputs, $"the {role} edited ias's own inputs ({string.Join(", ", edited)}); this run keeps the copy it took at jack-in, and the PR lists them");
        }

        // Said once per new difference: the plan stays edited for every later turn, which reads the pinned copy all the same.
        var planEdits = Inputs.PlanEdits(Context.WorkTree);
        if (planEdits.Count > 0 && !planEdits.SequenceEqual(_planEditsSeen))
        {
            live.Event(RunEventKind.Inputs, $"the sprint plan differs from this run's copy after the {role}'s turn ({string.Join("; ", planEdits)}); every sprint keeps the text taken at jack-in, and the PR lists the edits");
        }

        _planEditsSeen = planEdits;
    }
}
