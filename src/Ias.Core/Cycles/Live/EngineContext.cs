using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Live;

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
    /// <summary>Where the run's git works and its files go into the tree: its worktree once it has one, else the checkout.</summary>
    public string WorkTree => Git.RepoRoot;

    /// <summary>The runs and their logs in <see cref="Store"/>.</summary>
    public RunRecords Runs => new(Store, Paths.Lane);

    /// <summary>The circuit breakers and the rate budget in <see cref="Store"/>.</summary>
    public SafetyStore Safety => new(Store);

    /// <summary>state.json and deleted-files.log, mirrored through <see cref="Files"/>.</summary>
    public RunFiles RunFiles => new(Files);

    /// <summary>circuit-breaker.json and rate-limit.json, mirrored through <see cref="Files"/>.</summary>
    public SafetyFiles SafetyFiles => new(Files);

    /// <summary>
    /// This context with the configuration of <paramref name="inputs"/>, a run's own copy of ias's input files, and its
    /// agents' box set up by that copy's ias.sandbox.
    /// </summary>
    public EngineContext WithInputs(RunInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var config = inputs.Config(RepoRoot);
        Agents.UseSandbox(config.Sandbox);
        return this with { Config = config };
    }

    /// <summary>How often the engine looks for halt and resume requests from other processes.</summary>
    public TimeSpan ControlPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Attempts of one phase before transient agent failures halt the run.</summary>
    public int PhaseAttempts { get; init; } = 3;

    /// <summary>The first wait before a step that met a 429 or 5xx is tried again; each later wait doubles, with jitter.</summary>
    public TimeSpan TransientBackoff { get; init; } = TimeSpan.FromSeconds(1);
}
