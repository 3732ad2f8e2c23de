namespace Ias.Core.Agents;

/// <summary>An output line that was not an event of the stream format; kept for the log.</summary>
public sealed record Unparsed(string Line) : AgentEvent;
