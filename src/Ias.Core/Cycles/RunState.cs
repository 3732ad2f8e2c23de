namespace Ias.Core.Cycles;

/// <summary>Run states of 002/004: READY → JACK_IN → RUNNING → COMPLETE / HALTED → JACKED_OUT.</summary>
public enum RunState
{
    Ready,
    JackIn,
    Running,
    Complete,
    Halted,
    JackedOut,
}
