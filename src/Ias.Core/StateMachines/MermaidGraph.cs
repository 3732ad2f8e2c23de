using System.Text;

namespace Ias.Core.StateMachines;

/// <summary>Writes a table as a Mermaid stateDiagram-v2, edges in declaration order so the output is stable.</summary>
public static class MermaidGraph
{
    public static string Format<TState, TTrigger>(StateTable<TState, TTrigger> table)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var sb = new StringBuilder();
        sb.Append("stateDiagram-v2\n");
        sb.Append("    %% ").Append(table.Name).Append('\n');
        sb.Append("    [*] --> ").Append(WireName.Of(table.Initial)).Append('\n');
        foreach (var t in table.Transitions)
        {
            var label = WireName.Of(t.Trigger).ToLowerInvariant();
            if (t.ReturnsToPrevious)
            {
                // Mermaid has no history pseudo-state: draw one edge back to every state that can enter this one.
                foreach (var entry in table.Transitions.Where(e => !e.ReturnsToPrevious && e.To.Equals(t.From) && !e.From.Equals(t.From)))
                {
                    sb.Append("    ").Append(WireName.Of(t.From)).Append(" --> ").Append(WireName.Of(entry.From))
                      .Append(" : ").Append(label).Append(" (back)\n");
                }
            }
            else
            {
                sb.Append("    ").Append(WireName.Of(t.From)).Append(" --> ").Append(WireName.Of(t.To))
                  .Append(" : ").Append(label).Append('\n');
            }
        }

        foreach (var f in table.FinalStates)
        {
            sb.Append("    ").Append(WireName.Of(f)).Append(" --> [*]\n");
        }

        return sb.ToString();
    }
}
