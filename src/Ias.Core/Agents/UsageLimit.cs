namespace Ias.Core.Agents;

/// <summary>The provider refused the account's usage; calls may resume at <see cref="ResetsAt"/> when it is known.</summary>
public sealed record UsageLimit(DateTimeOffset? ResetsAt) : AgentEvent;
