namespace Ias.Core.Agents;

/// <summary>One thing an agent CLI reported while it ran, read from its output stream.</summary>
public abstract record AgentEvent;
