namespace Ias.Core.Processes;

/// <summary>
/// Takes a child's output as whole lines of UTF-8 bytes, as each read of the pipe brings them: a fast child costs one
/// call per line, with no string or task made for it, and one await per read.
/// </summary>
public interface ILineSink
{
    /// <summary>One line, without its '\n' (nor a '\r' before it), valid only during the call; true when it shows the child working, which holds off the idle limit.</summary>
    bool Line(ReadOnlySpan<byte> line);

    /// <summary>Called after each read's lines, before the pipe is read again: hands on what those lines made.</summary>
    ValueTask ReadEndAsync();
}
