namespace Ias.Core.Cycles.Lifecycle;

/// <summary>Run states, named as the original Run Mode tools name them: READY → JACK_IN → RUNNING → COMPLETE / HALTED → JACKED_OUT.</summary>
public enum RunState
{
    Ready,
    JackIn,
    Running,
    Complete,
    Halted,
    JackedOut,

    /// <summary>Post-PR validation passed: the draft waits for a person (002's READY_FOR_HITL).</summary>
    ReadyForHitl,
}
