namespace Ias.Core.Storage;

/// <summary>A file under `.run/` that ias cannot read or will not overwrite; the message is one line naming the file, the problem and what to do.</summary>
public sealed class StateFileException : Exception
{
    public StateFileException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = path;
    }

    /// <summary>The file the message is about, as the message names it.</summary>
    public string FilePath { get; }
}
