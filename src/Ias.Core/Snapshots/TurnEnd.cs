using Ias.Core.Agents;

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
        var (tail, earlier) = LogTail.Lines(Path.Combine(jobDir, CliAgentInvoker.StderrFile), lines, TailBytes);
        return new TurnEnd(code, tail, earlier);
    }
}
