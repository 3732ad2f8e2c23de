namespace Ias.Core.Agents;

/// <summary>The agent opened a session; the id lets a later run resume it.</summary>
public sealed record SessionStarted(string SessionId, string? Model) : AgentEvent;
