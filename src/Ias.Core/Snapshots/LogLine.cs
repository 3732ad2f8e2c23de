namespace Ias.Core.Snapshots;

/// <summary>One line of an agent's log, rendered for people.</summary>
public sealed record LogLine(LogKind Kind, string Text);
