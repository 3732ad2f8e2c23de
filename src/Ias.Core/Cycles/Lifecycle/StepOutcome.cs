using Ias.Core.Agents;

namespace Ias.Core.Cycles.Lifecycle;

/// <summary>How a phase's step ended, as its row in ias.db stores it by <see cref="Wire"/> name.</summary>
public readonly record struct StepOutcome
{
    private StepOutcome(StepOutcomeKind kind, FailureClass failure = FailureClass.None)
    {
        Kind = kind;
        Failure = failure;
    }

    public StepOutcomeKind Kind { get; }

    /// <summary>Why an implement turn that still left work ended badly; <see cref="FailureClass.None"/> otherwise.</summary>
    public FailureClass Failure { get; }

    public static StepOutcome Done { get; } = new(StepOutcomeKind.Done);
    public static StepOutcome Failed { get; } = new(StepOutcomeKind.Failed);
    public static StepOutcome Pass { get; } = new(StepOutcomeKind.Pass);
    public static StepOutcome Findings { get; } = new(StepOutcomeKind.Findings);
    public static StepOutcome Asked { get; } = new(StepOutcomeKind.Asked);
    public static StepOutcome Aborted { get; } = new(StepOutcomeKind.Aborted);
    public static StepOutcome RateLimited { get; } = new(StepOutcomeKind.RateLimited);
    public static StepOutcome Refused { get; } = new(StepOutcomeKind.Refused);
    public static StepOutcome UsageLimit { get; } = new(StepOutcomeKind.UsageLimit);

    // Every outcome without a failure class: a stored name reads back through Wire, the one table of spellings.
    private static readonly StepOutcome[] Plain = [Done, Failed, Pass, Findings, Asked, Aborted, RateLimited, Refused, UsageLimit];

    /// <summary>An implement turn that ended with <paramref name="failure"/> but whose work is kept.</summary>
    public static StepOutcome Ended(FailureClass failure) => new(StepOutcomeKind.Ended, failure);

    /// <summary>A verdict: pass, or findings.</summary>
    public static StepOutcome Of(bool passed) => passed ? Pass : Findings;

    /// <summary>The name ias.db keeps.</summary>
    public string Wire => Kind switch
    {
        StepOutcomeKind.Done => "done",
        StepOutcomeKind.Ended => $"ended:{Failure}",
        StepOutcomeKind.Failed => "failed",
        StepOutcomeKind.Pass => "pass",
        StepOutcomeKind.Findings => "findings",
        StepOutcomeKind.Asked => "asked",
        StepOutcomeKind.Aborted => "aborted",
        StepOutcomeKind.RateLimited => "rate_limited",
        StepOutcomeKind.Refused => "refused",
        StepOutcomeKind.UsageLimit => "usage_limit",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "no wire name"),
    };

    /// <summary>Whether the run stopped in this step before it could finish (a halt, a wait, a refusal), so the step runs again.</summary>
    public bool Interrupted => Kind is StepOutcomeKind.Asked or StepOutcomeKind.Aborted or StepOutcomeKind.UsageLimit or StepOutcomeKind.RateLimited or StepOutcomeKind.Refused;

    /// <summary>The outcome a stored name stands for; null for a name no ias writes (another tool's row).</summary>
    public static StepOutcome? Parse(string wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        foreach (var outcome in Plain)
        {
            if (outcome.Wire == wire)
            {
                return outcome;
            }
        }

        const string ended = "ended:";
        return wire.StartsWith(ended, StringComparison.Ordinal) && Enum.TryParse<FailureClass>(wire[ended.Length..], out var failure) ? Ended(failure) : null;
    }

    public override string ToString() => Wire;
}
