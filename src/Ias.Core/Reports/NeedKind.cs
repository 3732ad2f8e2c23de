namespace Ias.Core.Reports;

/// <summary>
/// What waits for a person, most urgent first: an agent stands still until a question is answered; a tripped or halted
/// run, a queue stopped at a spend cap, a lost runner and a parked one each wait for a command.
/// </summary>
public enum NeedKind
{
    Question,
    Tripped,
    Halted,
    OverBudget,
    RunnerLost,
    Parked,
}
