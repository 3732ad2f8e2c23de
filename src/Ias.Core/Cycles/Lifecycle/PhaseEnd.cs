namespace Ias.Core.Cycles.Lifecycle;

/// <summary>What a phase's step means for the run's loop: go on, or stop because the run halted or a halt cut the step short.</summary>
internal enum PhaseEnd
{
    Done,
    Halted,
    Aborted,
}
