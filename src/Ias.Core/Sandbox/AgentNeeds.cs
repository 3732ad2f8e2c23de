using System.Text.RegularExpressions;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>What one agent CLI needs from outside the box, declared by its adapter: nothing else of the user's is there.</summary>
/// <param name="HomePaths">Its folders and files, as "~/.claude", "$CODEX_HOME" or "$GEMINI_CLI_HOME/.gemini": each role gets its own copy of the user's.</param>
/// <param name="Variables">Its API variables: names, or prefixes ending in '*' ("ANTHROPIC_*").</param>
public sealed record AgentNeeds(IReadOnlyList<string> HomePaths, IReadOnlyList<string> Variables)
{
    public static readonly AgentNeeds None = new([], []);

    /// <summary>Files in those folders holding login tokens the CLI refreshes: bound to the user's own, never copied.</summary>
    /// <remarks>
    /// A refresh rotates the token, and the old one stops working: a copy per role would log out every other role and the
    /// user's own CLI at the first refresh. Each is data the CLI reads, never a program or a setting that names one.
    /// </remarks>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>Folders in them that hold only the user's own history (transcripts, logs): left out of a role's copy.</summary>
    public IReadOnlyList<string> History { get; init; } = [];

    /// <summary>The hosts its CLI talks to (its API, login and telemetry; see Network.AgentHosts), reached through ias's proxy.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Variables that name a base URL of the user's (ANTHROPIC_BASE_URL): its host is reached too.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>Config files, written as <see cref="HomePaths"/> are, whose `base_url = "…"` lines name base URLs too.</summary>
    public IReadOnlyList<string> EndpointFiles { get; init; } = [];

    /// <summary>Config files that name the variables holding its keys, each with its reader: those variables enter its box.</summary>
    /// <remarks>A codex provider's `env_key`, the variables claude's `apiKeyHelper` command uses, a `$NAME` in gemini's settings.</remarks>
    public IReadOnlyList<KeyFile> KeyFiles { get; init; } = [];

    /// <summary>An agent that needs no network at all: its box has none.</summary>
    public bool Offline { get; init; }

    /// <summary>The home paths as absolute paths, for a home at <paramref name="home"/> and the agent's variables in <paramref name="environment"/>.</summary>
    public IEnumerable<string> Resolve(string? home, IReadOnlyDictionary<string, string> environment) => Resolve(HomePaths, home, environment);

    /// <summary>
    /// What <paramref name="line"/>'s first group captures in each of <paramref name="files"/> (written as <see cref="HomePaths"/>
    /// are) that reads.
    /// </summary>
    public static IEnumerable<string> Captures(IEnumerable<string> files, string? home, IReadOnlyDictionary<string, string> environment, Regex line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Texts(files, home, environment).SelectMany(text => line.Matches(text).Select(m => m.Groups[1].Value));
    }

    /// <summary>
    /// The text of each of <paramref name="files"/> (written as <see cref="HomePaths"/> are) that reads: the CLI's own config
    /// files, read as the engine reads an agent's file, so none can hang or flood it.
    /// </summary>
    public static IEnumerable<string> Texts(IEnumerable<string> files, string? home, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var file in Resolve(files, home, environment).Distinct(StringComparer.Ordinal))
        {
            var read = AgentFile.Read(file, 1 << 20);
            if (read.Refused is null && read != AgentFileRead.Missing)
            {
                yield return read.Text;
            }
        }
    }

    /// <summary><paramref name="paths"/> ("~/…", "$NAME" or "$NAME/…") as absolute paths; one whose variable or home is missing is left out.</summary>
    public static IEnumerable<string> Resolve(IEnumerable<string> paths, string? home, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var path in paths)
        {
            if (path.StartsWith('$'))
            {
                // "$CODEX_HOME" or "$CODEX_HOME/config.toml": the folder that variable names, or a file in it.
                var slash = path.IndexOf('/', StringComparison.Ordinal);
                var name = slash < 0 ? path[1..] : path[1..slash];
                if (environment.TryGetValue(name, out var named) && Path.IsPathRooted(named))
                {
                    yield return Path.GetFullPath(slash < 0 ? named : Path.Combine(named, path[(slash + 1)..]));
                }
            }
            else if (path.StartsWith("~/", StringComparison.Ordinal) && home is not null)
            {
                yield return Path.Combine(home, path[2..]);
            }
        }
    }
}
