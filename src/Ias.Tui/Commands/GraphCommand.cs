using System.CommandLine;
using Ias.Core.Bugs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Jobs.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Stateless.Graph;

namespace Ias.Tui.Commands;

/// <summary>`ias graph`: the run, phase, breaker, bug, job and plan state machines, each as Stateless exports it to Mermaid.</summary>
public static class GraphCommand
{
    public static Command Create()
    {
        var cmd = new Command("graph", "Print the state machines as Mermaid diagrams");
        cmd.SetAction(_ =>
        {
            Console.Write(Mermaid());
            return 0;
        });
        return cmd;
    }

    /// <summary>Every machine's diagram, titled with the machine's name, one after another.</summary>
    public static string Mermaid() =>
        string.Join("\n", Diagram(Machines.Run()), Diagram(Machines.Phases()), Diagram(BreakerStateMachine.Create()), Diagram(BugStateMachine.Create()),
        Diagram(JobStateMachine.Create()), Diagram(PlanStateMachine.Create()));

    private static string Diagram<TState, TTrigger>(StrictStateMachine<TState, TTrigger> machine)
        where TState : struct, Enum
        where TTrigger : struct, Enum =>
        $"---\ntitle: {machine.Name}\n---\n{MermaidGraph.Format(machine.GetInfo()).ReplaceLineEndings("\n")}\n";
}
