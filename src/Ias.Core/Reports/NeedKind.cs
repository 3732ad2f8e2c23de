namespace Ias.Core.Reports;

/// <summary>
/// What waits for a person, most urgent first: an agent stands still until a question is answered; a tripped or halted
/// run, a run that passed but is not where it was meant to go (a refused push, no draft PR), a queue stopped at a spend
/// cap, a lost runner and a parked one each wait for a command.
/// </summary>
public enum NeedKind
{
    Question,
    Tripped,
    Halted,
    Unpublished,
    OverBudget,
    RunnerLost,
    Parked,
}
