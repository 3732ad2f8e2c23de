using System.Text;
using Ias.Core.Agents;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// How one agent turn ended, as its job folder keeps it: the agent's exit code and the last lines it wrote to stderr,
/// which say why a turn that ended without a result failed (a crash's traceback, a CLI's refusal).
/// </summary>
/// <param name="ExitCode">The exit code as the engine wrote it ("1", "none"); null while the turn runs, or for a folder without one.</param>
/// <param name="Stderr">The last lines of stderr, oldest first, each one inert line.</param>
/// <param name="Earlier">Whether stderr held lines before those.</param>
public sealed record TurnEnd(string? ExitCode, IReadOnlyList<string> Stderr, bool Earlier)
{
    /// <summary>The most of stderr.log's end that is read: a turn that printed megabytes costs no more than one that printed a line.</summary>
    public const int TailBytes = 64 * 1024;

    /// <summary>Whether the agent exited other than with 0 (or was stopped before it could).</summary>
    public bool Failed => ExitCode is not (null or "0");

    /// <summary>The end of the turn in <paramref name="jobDir"/>, with at most <paramref name="lines"/> lines of its stderr.</summary>
    public static TurnEnd Read(string jobDir, int lines)
    {
        ArgumentNullException.ThrowIfNull(jobDir);
        var exit = Path.Combine(jobDir, CliAgentInvoker.ExitCodeFile);
        var code = File.Exists(exit) ? File.ReadAllText(exit).Trim() : null;
        var (tail, earlier) = Tail(Path.Combine(jobDir, CliAgentInvoker.StderrFile), lines);
        return new TurnEnd(code, tail, earlier);
    }

    /// <summary>
    /// The last <paramref name="count"/> lines of the file, made inert and redacted again where that changed them: the
    /// engine redacted each line as the agent wrote it, but left its escapes, which must not reach a terminal.
    /// </summary>
    private static (IReadOnlyList<string> Lines, bool Earlier) Tail(string path, int count)
    {
        // The engine made the file itself, in a folder the box shows the agent read-only; anything but a regular file there
        // (a link, a FIFO that would block the dashboard) was put by an unsandboxed agent and is not read.
        if (count <= 0 || !File.Exists(path) || FileStat.Of(path) is { IsRegularFile: false })
        {
            return ([], false);
        }

        byte[] bytes;
        long from;
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var length = RandomAccess.GetLength(file);
            from = Math.Max(0, length - TailBytes);
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
}
