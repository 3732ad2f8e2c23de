using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Asks a CLI whether it is logged in where it can tell without a model call, before its first turn: each adapter
/// knows its own way (a status command, settings, the environment); this runs status commands once per CLI per process.
/// </summary>
public sealed class LoginProbe
{
    private readonly Dictionary<string, string?> _verdicts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How a status command is started (in the agent's box); null starts it as it is, in this process's environment.</summary>
    public Func<string, string[], ProbeLaunch>? Launcher { get; set; }

    /// <summary>Null when the agent at <paramref name="command"/> is logged in or cannot tell; otherwise what it said and how to log in, in one line.</summary>
    public string? Problem(IAgentAdapter adapter, string command, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        return adapter.LoginProblem(command, environment, this);
    }

    /// <summary>
    /// Runs a status command such as <c>codex login status</c> once per command: null unless it clearly says "not logged in",
    /// else what it said and <paramref name="howTo"/>. A probe that could not run leaves the verdict to the first turn.
    /// </summary>
    public string? StatusSays(string command, string[] args, string howTo)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        lock (_gate)
        {
            if (_verdicts.TryGetValue(command, out var cached))
            {
                return cached;
            }
        }

        var (exitCode, output, unstarted, timedOut, cut) = CliVersions.Probe(command, CliVersions.DefaultProbeTimeout, args, Launcher);
        var verdict = unstarted is null && !timedOut && exitCode != 0
            && (output.Contains("not logged in", StringComparison.OrdinalIgnoreCase) || output.Contains("\"loggedIn\": false", StringComparison.Ordinal))
            ? $"`{Path.GetFileName(command)} {string.Join(' ', args)}` says {ShortText.Cut(Said(output).ReplaceLineEndings(" "), 80)}{(cut is null ? "" : " " + cut)}; {howTo}"
            : null;
        lock (_gate)
        {
            _verdicts[command] = verdict;
        }

        return verdict;
    }

    // The line that says so, where a warning comes first ("WARNING: proceeding, even though …" from codex in the box).
    private static string Said(string output) =>
        output.Split('\n').FirstOrDefault(l => l.Contains("not logged in", StringComparison.OrdinalIgnoreCase))?.Trim() ?? output;
}
