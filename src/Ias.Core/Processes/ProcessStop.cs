namespace Ias.Core.Processes;

/// <summary>Why a child process stopped: it exited by itself, or the runner stopped it for one of these reasons.</summary>
public enum ProcessStop
{
    /// <summary>The child exited by itself (or was stopped for its output; see <see cref="ProcessOutcome.OutputLimited"/>).</summary>
    Exited,

    /// <summary>It ran past its wall-clock limit.</summary>
    TimedOut,

    /// <summary>It wrote nothing for its idle limit.</summary>
    IdledOut,

    /// <summary>Its caller cancelled it.</summary>
    Cancelled,
}
