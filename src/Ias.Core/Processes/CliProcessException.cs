namespace Ias.Core.Processes;

/// <summary>A command-line tool could not start or did not finish in time; <see cref="Reason"/> says which, in words a user can act on.</summary>
internal sealed class CliProcessException(string command, string reason, Exception inner)
    : Exception($"{command}: {reason}", inner)
{
    /// <summary>The command as run (its first word when it could not start).</summary>
    public string Command { get; } = command;

    public string Reason { get; } = reason;
}
