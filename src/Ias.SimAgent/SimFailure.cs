using System.Globalization;

namespace Ias.SimAgent;

/// <summary>
/// A scenario entry: the agent playing <see cref="Role"/> misbehaves in <see cref="Cycle"/> (every cycle when null) of
/// <see cref="Target"/> (every target when null), in every call that matches or, with <see cref="Times"/>, in the first that many.
/// </summary>
public sealed record SimFailure
{
    public required string Role { get; init; }

    public int? Cycle { get; init; }

    public required SimFailureMode Mode { get; init; }

    /// <summary>Only in this sprint (e.g. sprint-2 of a plan); null for every one.</summary>
    public string? Target { get; init; }

    /// <summary>
    /// Only the first this many calls that match misbehave (counted in <see cref="SimFailureCounts"/>, shared by every agent
    /// process of the scenario), so a retried call can succeed; null for every call.
    /// </summary>
    public int? Times { get; init; }

    public bool Matches(string role, int cycle, string? target = null) =>
        string.Equals(Role, role, StringComparison.Ordinal) && (Cycle is null || Cycle == cycle)
        && (Target is null || string.Equals(Target, target, StringComparison.Ordinal));

    /// <summary>How the entry at <paramref name="index"/> of the fail list is named in the counts file: its place and what it matches.</summary>
    internal string CountKey(int index) => string.Create(CultureInfo.InvariantCulture,
        $"fail[{index}] {Role} cycle {(Cycle is { } c ? c.ToString(CultureInfo.InvariantCulture) : "*")} target {Target ?? "*"} {Mode}");
}
