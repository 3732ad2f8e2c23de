namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Tells which CLI wrote a job's stdout from its first line, so a reader outside the engine (a dashboard) parses
/// each job with the right dialect without being told the agent: the adapter with the surest claim reads it.
/// </summary>
public static class StreamFormats
{
    public static IStreamParser ParserFor(string firstLine, TimeProvider clock, AgentAdapters? adapters = null)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        IAgentAdapter? best = null;
        var sureness = StreamClaim.None;
        foreach (var adapter in (adapters ?? AgentAdapters.Builtin).All)
        {
            var claim = adapter.Claim(firstLine);
            if (claim > sureness)
            {
                (best, sureness) = (adapter, claim);
            }
        }

        // Lines nobody claims are still worth showing; as plain text they are.
        return best?.NewParser(clock) ?? new PlainTextParser(clock);
    }
}
