namespace Ias.Core.Processes;

/// <summary>How a child process ended; <see cref="ExitCode"/> is null when the runner had to kill it.</summary>
public sealed record ProcessOutcome(int? ExitCode, bool TimedOut, bool IdledOut, bool Cancelled, TimeSpan Elapsed)
{
    /// <summary>True when the child was stopped for writing more than its spec's output limit.</summary>
    public bool OutputLimited { get; init; }
}
