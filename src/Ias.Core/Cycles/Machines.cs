using Ias.Core.Bugs;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles;

/// <summary>The tables of Run Mode (run, phase, breaker) and of Bug Run Mode; `ias graph` prints them and a test pins them.</summary>
public static class Machines
{
    public static StateTable<RunState, RunTrigger> Run { get; } =
        StateTable<RunState, RunTrigger>.Define("run", RunState.Ready)
            .Configure(RunState.Ready).Permit(RunTrigger.Start, RunState.JackIn)
            .Configure(RunState.JackIn).Permit(RunTrigger.PreflightPassed, RunState.Running)
            .Configure(RunState.Running)
                .Permit(RunTrigger.AllPassed, RunState.Complete)
                .Permit(RunTrigger.Trip, RunState.Halted)
                .Permit(RunTrigger.Halt, RunState.Halted)
                .Permit(RunTrigger.Recover, RunState.Running)
            .Configure(RunState.Halted).Permit(RunTrigger.Resume, RunState.Running)
            .Configure(RunState.Complete).Permit(RunTrigger.JackOut, RunState.JackedOut)
            .Configure(RunState.JackedOut).Final()
            .Build();

    public static StateTable<Phase, PhaseTrigger> Phases { get; } =
        StateTable<Phase, PhaseTrigger>.Define("phase", Phase.Implement)
            .Configure(Phase.Implement)
                .Permit(PhaseTrigger.Implemented, Phase.Review)
                .Permit(PhaseTrigger.Throttle, Phase.RateLimited)
            .Configure(Phase.Review)
                .Permit(PhaseTrigger.ReviewPassed, Phase.Audit)
                .Permit(PhaseTrigger.ReviewFindings, Phase.Implement)
                .Permit(PhaseTrigger.Throttle, Phase.RateLimited)
            .Configure(Phase.Audit)
                .Permit(PhaseTrigger.AuditFindings, Phase.Implement)
                .Permit(PhaseTrigger.Throttle, Phase.RateLimited)
            .Configure(Phase.RateLimited).PermitReturn(PhaseTrigger.HourBoundary)
            .Build();

    public static StateTable<BreakerState, BreakerTrigger> Breaker { get; } =
        StateTable<BreakerState, BreakerTrigger>.Define("circuit breaker", BreakerState.Closed)
            .Configure(BreakerState.Closed).Permit(BreakerTrigger.Trip, BreakerState.Open)
            .Configure(BreakerState.Open).Permit(BreakerTrigger.Reset, BreakerState.HalfOpen)
            .Configure(BreakerState.HalfOpen)
                .Permit(BreakerTrigger.CycleSucceeded, BreakerState.Closed)
                .Permit(BreakerTrigger.Trip, BreakerState.Open)
            .Build();

    /// <summary>002 "Allowed State Transitions" of a bug run, exactly; "ANY → HALTED" is every state that is not already an end.</summary>
    public static StateTable<BugState, BugTrigger> Bug { get; } =
        StateTable<BugState, BugTrigger>.Define("bug", BugState.Triage)
            .Configure(BugState.Triage)
                .Permit(BugTrigger.TriageComplete, BugState.Implementing)
                .Permit(BugTrigger.Halt, BugState.Halted)
            .Configure(BugState.Implementing)
                .Permit(BugTrigger.Implemented, BugState.Reviewing)
                .Permit(BugTrigger.Halt, BugState.Halted)
            .Configure(BugState.Reviewing)
                .Permit(BugTrigger.ReviewFindings, BugState.Implementing)
                .Permit(BugTrigger.ReviewPassed, BugState.Auditing)
                .Permit(BugTrigger.Halt, BugState.Halted)
            .Configure(BugState.Auditing)
                .Permit(BugTrigger.AuditFindings, BugState.Implementing)
                .Permit(BugTrigger.AuditPassed, BugState.Completed)
                .Permit(BugTrigger.Halt, BugState.Halted)
            .Configure(BugState.Completed).Final()
            .Configure(BugState.Halted).Final()
            .Build();

    /// <summary>All four graphs, as `ias graph` prints them.</summary>
    public static string Mermaid() =>
        string.Join("\n", MermaidGraph.Format(Run), MermaidGraph.Format(Phases), MermaidGraph.Format(Breaker), MermaidGraph.Format(Bug));
}
