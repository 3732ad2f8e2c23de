namespace Ias.Core.Processes;

/// <summary>
/// Takes a child's output as whole lines of UTF-8 bytes, as each read of the pipe brings them: a fast child costs one
/// call per line (or one per read, <see cref="Lines"/>), with no string or task made for it, and one await per read.
/// </summary>
public interface ILineSink
{
    /// <summary>One line, without its '\n' (nor a '\r' before it), valid only during the call; true when it shows the child working, which holds off the idle limit.</summary>
    bool Line(ReadOnlySpan<byte> line);

    /// <summary>
    /// The whole lines of one read, each ended by its '\n' and none by "\r\n", valid only during the call; true when one shows
    /// the child working. A sink that can take a read's lines at once overrides it; by default each goes to <see cref="Line"/>.
    /// </summary>
    bool Lines(ReadOnlySpan<byte> lines)
    {
        var progress = false;
        while (lines.IndexOf((byte)'\n') is var nl and >= 0)
        {
            progress |= Line(lines[..nl]);
            lines = lines[(nl + 1)..];
        }

        return progress;
    }

    /// <summary>Called after each read's lines, before the pipe is read again: hands on what those lines made.</summary>
    ValueTask ReadEndAsync();
}
