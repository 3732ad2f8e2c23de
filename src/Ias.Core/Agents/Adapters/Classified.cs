namespace Ias.Core.Agents.Adapters;

/// <summary>A failure class read from text, with the usage-limit reset time when the class is a usage limit.</summary>
public sealed record Classified(FailureClass Class, DateTimeOffset? ResetsAt);
