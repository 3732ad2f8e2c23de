namespace Ias.Core.Agents;

/// <summary>The agent is retrying a failed API call.</summary>
public sealed record ApiRetry(int Attempt, string? Reason) : AgentEvent;
