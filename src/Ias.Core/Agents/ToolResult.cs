namespace Ias.Core.Agents;

/// <summary>A tool's answer as the agent fed it back to the model, shortened to a preview.</summary>
public sealed record ToolResult(string? ToolUseId, bool IsError, string Preview) : AgentEvent;
