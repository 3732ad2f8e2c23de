namespace Ias.Core.Agents.Simulation;

/// <summary>A scenario entry: the agent playing <see cref="Role"/> misbehaves in <see cref="Cycle"/>, or in every cycle when it is null.</summary>
public sealed record SimFailure
{
    public required string Role { get; init; }

    public int? Cycle { get; init; }

    public required SimFailureMode Mode { get; init; }

    public bool Matches(string role, int cycle) =>
        string.Equals(Role, role, StringComparison.Ordinal) && (Cycle is null || Cycle == cycle);
}
