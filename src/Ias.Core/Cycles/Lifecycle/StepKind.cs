namespace Ias.Core.Cycles.Lifecycle;

/// <summary>A kind of step that runs a phase's turn, one `RunStep` each; a phase names its kind in <see cref="PhaseFacts"/>.</summary>
/// <param name="Name">The kind's name, as the engine's list of steps (`RunSteps`) and its messages say it.</param>
public readonly record struct StepKind(string Name)
{
    /// <summary>Changes the code and commits it: implement and the post-PR fix.</summary>
    public static readonly StepKind Implement = new("implement");

    /// <summary>Reads the code and gives a verdict the loop goes back on: review and audit.</summary>
    public static readonly StepKind Verdict = new("verdict");

    /// <summary>Compares the code with its design before the draft PR.</summary>
    public static readonly StepKind RedTeam = new("red-team");

    /// <summary>Checks the draft PR: post-PR audit and e2e testing.</summary>
    public static readonly StepKind PostPr = new("post-pr");

    public override string ToString() => Name;
}
