using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Cycles;

/// <summary>Everything an engine needs from outside: configuration, storage, git, agents, a clock and a place to report progress.</summary>
public sealed record EngineContext(
    string RepoRoot,
    LoaConfig Config,
    RunPaths Paths,
    RunStore Store,
    StateFiles Files,
    GitCli Git,
    IAgentInvoker Agents,
    TimeProvider Clock,
    Action<string> Progress,
    string Owner)
{
    /// <summary>How often the engine looks for halt and resume requests from other processes.</summary>
    public TimeSpan ControlPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Attempts of one phase before transient agent failures halt the run.</summary>
    public int PhaseAttempts { get; init; } = 3;

    /// <summary>The first wait before a step that met a 429 or 5xx is tried again; each later wait doubles, with jitter.</summary>
    public TimeSpan TransientBackoff { get; init; } = TimeSpan.FromSeconds(1);
}
