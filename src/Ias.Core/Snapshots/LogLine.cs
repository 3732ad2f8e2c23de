using Ias.Core.Turns;

namespace Ias.Core.Snapshots;

/// <summary>One line of an agent's log, rendered for people.</summary>
public sealed record LogLine(TurnLogKind Kind, string Text)
{
    /// <summary>When the turn wrote it (UTC); null for a line the reader made itself or a file without times.</summary>
    public DateTimeOffset? Time { get; init; }
}
