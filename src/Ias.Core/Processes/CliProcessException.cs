namespace Ias.Core.Processes;

/// <summary>A command-line tool could not start or did not finish in time; <see cref="Reason"/> says which, in words a user can act on.</summary>
/// <remarks>When it could not start, <see cref="Exception.InnerException"/> is the system's own error.</remarks>
internal sealed class CliProcessException(string command, string reason, bool timedOut, Exception inner)
    : Exception($"{command}: {reason}", inner)
{
    /// <summary>The command as run (its first word when it could not start).</summary>
    public string Command { get; } = command;

    public string Reason { get; } = reason;

    /// <summary>True when the tool started but outran its time limit and was killed.</summary>
    public bool TimedOut { get; } = timedOut;
}
