using Ias.Core.Turns;

namespace Ias.Core.Cycles;

/// <summary>An event kind's spelling in the events table, whether the engine also prints it as progress, and the one switch that reads it back.</summary>
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
        RunEventKind.Tool => TurnLogKind.Tool,
        RunEventKind.Assistant => TurnLogKind.Assistant,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a run event kind"),
    };

    /// <summary>True for the events a person running `ias` in a terminal also sees as a progress line; an agent's own lines only go to the log.</summary>
    public static bool IsReported(this RunEventKind kind) => kind is not (RunEventKind.Agent or RunEventKind.Tool or RunEventKind.Assistant);

    /// <summary>Reads a kind back; null for a kind this engine does not write (a notification's, or an older engine's).</summary>
    public static RunEventKind? Parse(string? wire) => wire switch
    {
        "transition" => RunEventKind.Transition,
        "breaker" => RunEventKind.Breaker,
        "phase" => RunEventKind.Phase,
        "commit" => RunEventKind.Commit,
        "rate" => RunEventKind.Rate,
        "agent-failure" => RunEventKind.AgentFailure,
        "agent-retry" => RunEventKind.AgentRetry,
        "agent" => RunEventKind.Agent,
        "recover" => RunEventKind.Recover,
        "ice" => RunEventKind.Ice,
        "publish" => RunEventKind.Publish,
        "inputs" => RunEventKind.Inputs,
        "red-team" => RunEventKind.RedTeam,
        "tests" => RunEventKind.Tests,
        "decision_requested" => RunEventKind.DecisionRequested,
        "decision" => RunEventKind.Decision,
        TurnLogKind.Tool => RunEventKind.Tool,
        TurnLogKind.Assistant => RunEventKind.Assistant,
        _ => null,
    };
}
