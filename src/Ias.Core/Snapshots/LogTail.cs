using System.Text;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// The end of a log ias writes (an agent's stderr, a detached engine's or runner's log): at most a fixed number of bytes
/// read from its end, so a log that grew all night costs no more than one line, each line made inert and redacted again.
/// </summary>
public static class LogTail
{
    /// <summary>
    /// The last <paramref name="count"/> lines of the file, made inert and redacted again where that changed them: the
    /// engine redacted each line as the agent wrote it, but left its escapes, which must not reach a terminal.
    /// </summary>
    public static (IReadOnlyList<string> Lines, bool Earlier) Lines(string path, int count, int maxBytes)
    {
        // ias makes its logs itself, in folders the box shows the agent read-only; anything but a regular file there (a link,
        // a FIFO that would block the reader) was put by someone else and is not read.
        if (count <= 0 || !File.Exists(path) || FileStat.Of(path) is { IsRegularFile: false })
        {
            return ([], false);
        }

        byte[] bytes;
        long from;
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var length = RandomAccess.GetLength(file);
            from = Math.Max(0, length - maxBytes);
            bytes = new byte[length - from];
            bytes = bytes[..RandomAccess.Read(file, bytes, from)];
        }

        var all = Encoding.UTF8.GetString(bytes).Split('\n').ToList();

        // A read that starts inside the file starts inside a line: that line's start is not there.
        if (from > 0)
        {
            all.RemoveAt(0);
        }

        if (all.Count > 0 && all[^1].Length == 0)
        {
            all.RemoveAt(all.Count - 1);
        }

        var kept = all.Skip(Math.Max(0, all.Count - count)).Select(l => SecretRedactor.InertLine(l.TrimEnd('\r'))).ToList();
        return (kept, from > 0 || all.Count > count);
    }

    /// <summary>The last line of <paramref name="path"/> that says something, from its last 8 KiB; null when there is none.</summary>
    public static string? LastLine(string path) =>
        Lines(path, int.MaxValue, 8192).Lines.LastOrDefault(l => l.Trim().Length > 0);
}
