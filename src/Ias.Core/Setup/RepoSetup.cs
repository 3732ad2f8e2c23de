using Ias.Core.Agents.Adapters;
using Ias.Core.Agents.Adapters.Sim;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Setup;

/// <summary>
/// What `ias init-repo` finds between a repository and `ias run sprint-N`, in pre-flight's own words, and the changes it
/// offers for the part it can do itself: the configuration, a starter sprint plan, a commit of the two. It never writes
/// over a file nor commits one of the user's. What only a person can do (git init, git's name and email, their own
/// uncommitted work) is a blocker, found before any change is offered.
/// </summary>
public sealed partial class RepoSetup
{
    private readonly string _root;
    private readonly GitCli _git;

    // The configuration as found: its text (null when there is no file) and what it says, the defaults without one.
    private readonly string? _configText;
    private readonly LoaConfig _config;

    // The plan the sprint comes from, and its file as the configuration names it, relative to the repository.
    private readonly SprintPlan _plan;
    private readonly string _planFile;

    // The setup's own files (the configuration, the plan) already uncommitted, and those .gitignore keeps out of commits.
    private readonly IReadOnlyList<string> _dirty;
    private readonly IReadOnlyList<string> _ignored;

    private RepoSetup(string root, GitCli git, string? configText, LoaConfig config, string? agent, string? runAgent)
    {
        _root = root;
        _git = git;
        _configText = configText;
        _config = config;
        _planFile = Relative(root, config.SprintPlan);
        _plan = SprintPlan.Discover(root, config.SprintPlan);
        NewAgent = agent;
        RunAgent = runAgent;
        string[] own = [ConfigLoader.FileName, _planFile];
        _dirty = [.. git.DirtyPaths().Where(own.Contains)];
        _ignored = [.. own.Where(f => git.Try("check-ignore", "--quiet", "--", f).Ok)];
        Target = _plan.NextTarget;
    }

    /// <summary>The names `--agent` takes: the vendors' CLIs, which a person installs and logs in to, and the simulated agent.</summary>
    public static IReadOnlyList<string> AgentNames => [.. VendorNames, Simulated];

    /// <summary>The simulated agent's name: the demo's, which needs no install or login.</summary>
    public static string Simulated { get; } = new SimAdapter().Kind.Name;

    private static IEnumerable<string> VendorNames => Vendors.Select(a => a.Kind.Name);

    /// <summary>The spend caps a new configuration gets; null writes them as comments to fill in.</summary>
    public SpendBudget? Budget { get; init; }

    /// <summary>The sprint the first run takes: the plan's first still to do, or sprint-1 of a starter plan.</summary>
    public string Target { get; }

    /// <summary>The agent a new configuration names for every role; null when the repository has a configuration already.</summary>
    public string? NewAgent { get; }

    /// <summary>
    /// What to do for real work when the new configuration names the simulated agent: install a vendor's CLI and run with
    /// it; null when it names a vendor's.
    /// </summary>
    public string? SimulatedAdvice => NewAgent == Simulated
        ? $"the simulated agent plays every role, as in the demo; for real work install an agent CLI and log in to it ({Installs()}), "
          + $"then run `ias run {Target} --agent {VendorNames.First()}` or set agents.default.agent in {ConfigLoader.FileName}"
        : null;

    /// <summary>The `--agent` that `ias run` needs to use the agent asked for where the configuration names its own; usually null.</summary>
    public string? RunAgent { get; }

    private static IEnumerable<IAgentAdapter> Vendors => AgentAdapters.Builtin.All.Where(a => a.Installed is not null);

    /// <summary>
    /// Looks at the repository at <paramref name="root"/>; <paramref name="agent"/> is the agent a new configuration names
    /// (`--agent`), null for the first vendor CLI on PATH or, with none, the simulated agent. Throws
    /// <see cref="RunModeException"/> with what a person must do first (git init, git's name and email, their own changes
    /// committed): then nothing is offered.
    /// </summary>
    public static RepoSetup Inspect(string root, string? agent, TimeProvider clock, SpendBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var git = new GitCli(root);

        // The configuration and the plan belong at the top, where `ias run` in the repository looks for them.
        var status = SetupStep.AtTop(git, root, "ias init-repo");

        // A configuration that does not read stops here with the reader's own line, as it stops `ias run`.
        var config = ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds);

        // A run or a queue runner working here would take the setup's files into its own commits, or they into the setup's.
        if (PreflightChecks.Writing(new RunPaths(root), clock.GetUtcNow()) is { } writer)
        {
            throw new RunModeException(writer);
        }

        // The setup's own files may be uncommitted (a config written by hand): it offers to commit them. Any other is the user's.
        var configText = File.Exists(config.Config.Path) ? File.ReadAllText(config.Config.Path) : null;
        string[] own = [ConfigLoader.FileName, Relative(root, config.Config.SprintPlan)];
        if (PreflightChecks.Uncommitted(new WorkTreeStatus(null, [.. status.Dirty.Where(p => !own.Contains(p))])) is { } theirs)
        {
            throw new RunModeException(theirs);
        }

        if (git.IdentityProblem() is { } nobody)
        {
            throw new RunModeException(nobody);
        }

        // A repository with a configuration keeps its agents; a new one names the agent asked for, or the first CLI
        // installed, or with none the simulated agent, so set-up starts where the demo ended and nothing is paid for.
        var newAgent = configText is null ? agent ?? Vendors.FirstOrDefault(a => a.Installed!.OnPath())?.Kind.Name ?? Simulated : null;
        return new RepoSetup(root, git, configText, config.Config, newAgent, configText is null ? null : agent) { Budget = budget };
    }

    /// <summary>
    /// Offers each step in turn (<paramref name="offer"/> answers whether to take it) and makes the taken ones, unless
    /// <paramref name="apply"/> is false, to tell what would be done; returns the steps taken. The commit comes last, of
    /// the setup's files that are uncommitted or that the steps taken write.
    /// </summary>
    public IReadOnlyList<SetupStep> Walk(Func<SetupStep, bool> offer, bool apply)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var taken = new List<SetupStep>();
        foreach (var step in (SetupStep?[])[ConfigStep(), PlanStep()])
        {
            Take(step);
        }

        List<string> files = [.. _dirty.Concat(taken.SelectMany(s => s.Files)).Distinct().Where(f => !_ignored.Contains(f))];
        Take(files.Count == 0 ? null : CommitStep(files));
        return taken;

        void Take(SetupStep? step)
        {
            if (step?.Take(offer, apply) == true)
            {
                taken.Add(step);
            }
        }
    }

    private static string Installs() => string.Join(", ", Vendors.Select(a => $"{a.Installed!.Install} for {a.Kind.Name}"));

    private static string Relative(string root, string path) => Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(root, path))).Replace('\\', '/');
}
