using Ias.Core.Config;
using Ias.Core.Sandbox;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Everything ias knows of one agent CLI: its name, how to check and start it for a role, and how to read its output.
/// A new CLI is one folder beside Claude/ and Codex/ implementing this, and one line in <see cref="AgentAdapters"/>.
/// </summary>
public interface IAgentAdapter
{
    /// <summary>The name .loa.config.yaml and --agent give the agent, and whether it is only a command of the user's.</summary>
    AgentKind Kind { get; }

    /// <summary>Variables laid over the agent's environment.</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The vendor's CLI as its package installs it (program, product, install command); null for an agent that is no such CLI.</summary>
    InstalledCli? Installed => null;

    /// <summary>What the CLI needs from outside the box: its login state in the home, its API variables. Nothing else of the user's enters.</summary>
    AgentNeeds Needs => AgentNeeds.None;

    /// <summary>
    /// The command line for a request; <paramref name="self"/> starts this program, for an agent it plays itself.
    /// A session is resumed only by the explicit id given, never "the most recent".
    /// </summary>
    AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId, AgentLaunch self);

    /// <summary>The command line that reopens session <paramref name="sessionId"/> for a person at the terminal; null when the CLI cannot.</summary>
    AgentLaunch? Interactive(AgentSettings settings, string sessionId, AgentLaunch self);

    /// <summary>A reader for one run's output; it classifies the run's failure, if any.</summary>
    IStreamParser NewParser(TimeProvider clock);

    /// <summary>Null when the settings can start the agent; otherwise what is wrong and what to do, in one line (pre-flight).</summary>
    string? Check(AgentSettings settings, CliVersions versions);

    /// <summary>Null when the CLI at <paramref name="command"/> is logged in or cannot tell without a model call; otherwise what it said and how to log in.</summary>
    string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe);
}
