namespace Ias.Core.Agents;

/// <summary>The model asked to run a tool; the target is the file, command or pattern it named, if any.</summary>
public sealed record ToolCall(string? MessageId, string ToolName, string? Target) : AgentEvent;
