namespace Ias.SimAgent;

/// <summary>A scenario entry: the agent playing <see cref="Role"/> in <see cref="Cycle"/> (every cycle when null) asks a person <see cref="Question"/> with `ias ask`, until its prompt carries the answer.</summary>
public sealed record SimAsk
{
    public required string Role { get; init; }

    public int? Cycle { get; init; }

    public required string Question { get; init; }

    public bool Matches(string role, int cycle) =>
        string.Equals(Role, role, StringComparison.Ordinal) && (Cycle is null || Cycle == cycle);
}
