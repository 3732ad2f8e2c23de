namespace Ias.Core.Safety;

/// <summary>
/// What tripped the circuit breaker, as its history and the original tools' file spell it. A trigger this table does not
/// know (one another tool wrote) reads back as itself, so a file read and written again keeps it.
/// </summary>
public sealed record TripCause
{
    public static TripCause SameIssue { get; } = new("same_issue");

    public static TripCause NoProgress { get; } = new("no_progress");

    public static TripCause CycleLimit { get; } = new("cycle_limit");

    public static TripCause Timeout { get; } = new("timeout");

    /// <summary>The agent's usage limit refused calls too often, or for longer than a run may wait.</summary>
    public static TripCause RateLimit { get; } = new("rate_limit");

    private static readonly TripCause[] Known = [SameIssue, NoProgress, CycleLimit, Timeout, RateLimit];

    private TripCause(string wire) => Wire = wire;

    /// <summary>The trigger as the files spell it: same_issue, cycle_limit.</summary>
    public string Wire { get; }

    /// <summary>The trigger as people read it: same issue, cycle limit.</summary>
    public string Words => Wire.Replace('_', ' ');

    /// <summary>Reads a trigger back by its name; a name the table does not know is a trigger of that name.</summary>
    public static TripCause Parse(string wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return Known.FirstOrDefault(t => t.Wire == wire) ?? new TripCause(wire);
    }

    public override string ToString() => Wire;
}
