namespace Ias.Core.Cycles;

/// <summary>What moves a run between <see cref="RunState"/>s.</summary>
public enum RunTrigger
{
    Start,
    PreflightPassed,
    AllPassed,
    Trip,
    Halt,
    Resume,
    Recover,
    JackOut,
}
