namespace Ias.Core.Reports;

/// <summary>One thing that waits for a person, and the one command that carries it on.</summary>
/// <param name="Kind">What it is; the report lists the kinds in their order.</param>
/// <param name="Since">Since when it waits: the question's asking, the halt, the runner's last word, the park.</param>
/// <param name="Run">The run it holds up (a Run Mode run's id, a queue run's name, a bug's id).</param>
/// <param name="What">It in a line: the question (or its marker), the halt's reason, the runner.</param>
/// <param name="Command">The command that carries it on; null when none does (a run another run replaced).</param>
public sealed record Need(NeedKind Kind, DateTimeOffset Since, string Run, string What, string? Command)
{
    /// <summary>The machine it waits on, for a shared queue's question or runner; null for this checkout's own.</summary>
    public string? Host { get; init; }

    /// <summary>When a parked queue goes on by itself; null for the other kinds.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>A question's id (D1, Q1); null for the other kinds.</summary>
    public string? Id { get; init; }
}
