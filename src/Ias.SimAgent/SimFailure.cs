namespace Ias.SimAgent;

/// <summary>A scenario entry: the agent playing <see cref="Role"/> misbehaves in <see cref="Cycle"/> (every cycle when null) of <see cref="Target"/> (every target when null).</summary>
public sealed record SimFailure
{
    public required string Role { get; init; }

    public int? Cycle { get; init; }

    public required SimFailureMode Mode { get; init; }

    /// <summary>Only in this sprint (e.g. sprint-2 of a plan); null for every one.</summary>
    public string? Target { get; init; }

    public bool Matches(string role, int cycle, string? target = null) =>
        string.Equals(Role, role, StringComparison.Ordinal) && (Cycle is null || Cycle == cycle)
        && (Target is null || string.Equals(Target, target, StringComparison.Ordinal));
}
