using Ias.Core.Turns;

namespace Ias.Core.Cycles.Records;

/// <summary>An event kind's spelling in the events table, whether the engine also prints it as progress, written by its one switch.</summary>
public static class RunEventKinds
{
    public static string Wire(this RunEventKind kind) => kind switch
    {
        RunEventKind.Transition => "transition",
        RunEventKind.Breaker => "breaker",
        RunEventKind.Phase => "phase",
        RunEventKind.Commit => "commit",
        RunEventKind.Rate => "rate",
        RunEventKind.AgentFailure => "agent-failure",
        RunEventKind.AgentRetry => "agent-retry",
        RunEventKind.Agent => "agent",
        RunEventKind.Recover => "recover",
        RunEventKind.Ice => "ice",
        RunEventKind.Publish => "publish",
        RunEventKind.Inputs => "inputs",
        RunEventKind.RedTeam => "red-team",
        RunEventKind.Tests => "tests",
        RunEventKind.DecisionRequested => "decision_requested",
        RunEventKind.Decision => "decision",
        RunEventKind.Tool => TurnLogKind.Tool.Wire(),
        RunEventKind.Assistant => TurnLogKind.Assistant.Wire(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a run event kind"),
    };

    /// <summary>True for the events a person running `ias` in a terminal also sees as a progress line; an agent's own lines only go to the log.</summary>
    public static bool IsReported(this RunEventKind kind) => kind is not (RunEventKind.Agent or RunEventKind.Tool or RunEventKind.Assistant);
}
