namespace Ias.Core.Agents;

/// <summary>Text the model wrote; blocks of one API response share a message id.</summary>
public sealed record AssistantText(string? MessageId, string Text) : AgentEvent;
