using System.CommandLine;
using Ias.Core.Cycles;

namespace Ias.Tui.Commands;

/// <summary>`ias graph`: the run, phase and breaker state machines as Mermaid.</summary>
public static class GraphCommand
{
    public static Command Create()
    {
        var cmd = new Command("graph", "Print the state machines as Mermaid diagrams");
        cmd.SetAction(_ =>
        {
            Console.Write(Machines.Mermaid());
            return 0;
        });
        return cmd;
    }
}
