namespace Ias.Core.Processes;

/// <summary>How a child process ended; <see cref="ExitCode"/> is null when the runner had to kill it.</summary>
public sealed record ProcessOutcome(int? ExitCode, ProcessStop Stop, TimeSpan Elapsed)
{
    /// <summary>True when the child was stopped for writing more than its spec's output limit.</summary>
    public bool OutputLimited { get; init; }

    /// <summary>True when the runner stopped the child for running too long, in all or without output.</summary>
    public bool RanOutOfTime => Stop is ProcessStop.TimedOut or ProcessStop.IdledOut;
}
