using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Steps;

/// <summary>The engine's list of steps: each kind of step and how it is made from the run's parts, and which phases it runs.</summary>
/// <remarks>
/// A phase runs the kind its row of <see cref="PhaseFacts"/> names, unless <see cref="With"/> gave it to a new kind: that
/// is how a new step joins the engine (`docs/extending.md`, and `AddingARunStepTests`).
/// </remarks>
internal sealed class RunSteps
{
    private readonly (StepKind Kind, Func<StepParts, RunStep> Make)[] _makers;
    private readonly Dictionary<Phase, StepKind> _given;

    private RunSteps((StepKind, Func<StepParts, RunStep>)[] makers, Dictionary<Phase, StepKind> given) => (_makers, _given) = (makers, given);

    /// <summary>The steps ias runs.</summary>
    public static RunSteps Builtin { get; } = new(
    [
        (StepKind.Implement, p => new ImplementStep(p.Ctx, p.Live, p.Git, p.Halting)),
        (StepKind.Verdict, p => new VerdictStep(p.Ctx, p.Live, p.A2a, p.Halting, p.RedTeam)),
        (StepKind.RedTeam, p => p.RedTeam),
        (StepKind.PostPr, p => new PostPrStep(p.Ctx, p.Live, p.Git, p.Halting)),
    ], []);

    /// <summary>Every kind of step the list makes, in its order.</summary>
    public IReadOnlyList<StepKind> Kinds => [.. _makers.Select(m => m.Kind)];

    /// <summary>The kind of step that runs <paramref name="phase"/>: the one <see cref="With"/> gave it, else its row's.</summary>
    public StepKind KindOf(Phase phase) => _given.TryGetValue(phase, out var kind) ? kind : phase.Facts().Step;

    /// <summary>This list and a new kind of step, made by <paramref name="make"/>, that runs <paramref name="runs"/> from now on.</summary>
    /// <exception cref="ArgumentException">The kind is listed already, or a phase is one no agent plays.</exception>
    public RunSteps With(StepKind kind, Func<StepParts, RunStep> make, params Phase[] runs)
    {
        if (_makers.Any(m => m.Kind == kind))
        {
            throw new ArgumentException($"a step of kind {kind} is listed already", nameof(kind));
        }

        if (runs.Where(p => PhaseFacts.Find(p) is null).Select(p => (Phase?)p).FirstOrDefault() is { } pause)
        {
            throw new ArgumentException($"no agent plays {WireName.Of(pause)}, so no step runs it", nameof(runs));
        }

        return new([.. _makers, (kind, make)], new(_given.Concat(runs.Select(p => KeyValuePair.Create(p, kind)))));
    }

    /// <summary>The step of each played phase, made from <paramref name="parts"/>, one of each kind.</summary>
    public IReadOnlyDictionary<Phase, RunStep> Make(StepParts parts)
    {
        var made = _makers.ToDictionary(m => m.Kind, m => m.Make(parts));
        return PhaseFacts.Played.ToDictionary(p => p, p => made.GetValueOrDefault(KindOf(p))
            ?? throw new InvalidOperationException($"no step of kind {KindOf(p)} runs {WireName.Of(p)}: list one in RunSteps"));
    }
}

/// <summary>The parts of a run a step is made of, made by the engine for each start or resume.</summary>
internal sealed class StepParts(EngineContext ctx, LiveRun live, RunInputs inputs, A2aWriter a2a, RunGit git, RunHalting halting, RunCompletion completion)
{
    private RedTeamStep? _redTeam;

    public EngineContext Ctx => ctx;

    public LiveRun Live => live;

    public A2aWriter A2a => a2a;

    public RunGit Git => git;

    public RunHalting Halting => halting;

    /// <summary>The red-team gate, one a run: its own phase's step, and the gate a passing audit asks.</summary>
    public RedTeamStep RedTeam => _redTeam ??= new(ctx, live, inputs, a2a, git, halting, completion);
}
