namespace Ias.Core.Jobs.Records;

/// <summary>
/// The queue's database is out of reach for now (a server restarting, a network blip, a SQLite file another process keeps
/// locked past its busy timeout): what was asked may work if asked again, so a runner waits it out rather than stop.
/// </summary>
public sealed class QueueUnreachableException(string message, Exception? cause = null) : QueueException(message)
{
    /// <summary>What the database's client said, in one line.</summary>
    public string Cause { get; } = (cause?.Message ?? message).ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
