namespace Ias.Core.Sandbox;

/// <summary>What one turn's agent needs in the box beyond the layout: its paths in the user's home (read-write) and where its programs live (read-only).</summary>
public sealed record BoxTurn(IReadOnlyList<string> Home, IReadOnlyList<string> Programs);
