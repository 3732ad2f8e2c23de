namespace Ias.Core.Processes;

/// <summary>What to run and its limits; <see cref="Environment"/> is laid over the inherited environment (or is the whole of it, see <see cref="InheritEnvironment"/>), and an infinite <see cref="IdleLimit"/> turns the idle check off.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Args,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string? StdinText,
    TimeSpan WallLimit,
    TimeSpan IdleLimit,
    TimeSpan KillGrace)
{
    /// <summary>Told the child's process group id (its pid) as soon as it starts, so a later process can clean up after a crash.</summary>
    public Action<int>? Started { get; init; }

    /// <summary>The tag the child's whole family carries in its environment (see <see cref="ProcessFamily"/>); a fresh one when null. A caller that records it can find the family after a crash.</summary>
    public string? Tag { get; init; }

    /// <summary>Whether an output line (stdout or stderr) given to a line callback is progress that resets the idle limit; null counts every line. A sink says so itself.</summary>
    public Func<string, bool>? IsProgress { get; init; }

    /// <summary>False starts the child from <see cref="Environment"/> alone: nothing of this process's own environment reaches it.</summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>The most bytes stdout and stderr may carry together before the child is stopped; null sets no limit.</summary>
    public long? OutputLimit { get; init; }
}
