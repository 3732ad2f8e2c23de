namespace Ias.Core.Cycles.Lifecycle;

/// <summary>The kinds of step that run a phase's turn, one `RunStep` each; a phase names its kind in <see cref="PhaseFacts"/>.</summary>
public enum StepKind
{
    /// <summary>Changes the code and commits it: implement and the post-PR fix.</summary>
    Implement,

    /// <summary>Reads the code and gives a verdict the loop goes back on: review and audit.</summary>
    Verdict,

    /// <summary>Compares the code with its design before the draft PR.</summary>
    RedTeam,

    /// <summary>Checks the draft PR: post-PR audit and e2e testing.</summary>
    PostPr,
}
