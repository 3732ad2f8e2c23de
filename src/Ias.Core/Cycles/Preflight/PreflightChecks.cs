using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Guardrails;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Scaffold;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Preflight;

/// <summary>
/// Run Mode's jack-in checks, the same for a sprint's run, a sprint plan's first sprint and a bug run; they change nothing
/// but the guardrails' log (and not even that on a dry run).
/// </summary>
public sealed partial class PreflightChecks(EngineContext ctx)
{
    private readonly EngineContext _ctx = ctx;

    /// <summary>The sprint text to check instead of a `## Sprint N` section of the plan (a bug's micro-sprint); whoever supplies it screens it.</summary>
    public string? SprintText { get; init; }

    /// <summary>Set by a sprint plan or a bug run that holds the checkout, so its own hold does not refuse the run.</summary>
    public bool CheckoutHeld { get; init; }

    /// <summary>Set when the caller took the lane's engine lock for the run (`RunLanes.Take`): that lock is its own.</summary>
    public bool EngineHeld { get; init; }

    /// <summary>The run's pinned copy of the sprint plan; null reads the plan in the tree.</summary>
    public SprintPlan? Plan { get; init; }

    /// <summary>The guardrails that screen the sprint; null makes them from the configuration, writing no log on a dry run.</summary>
    public RunGuardrails? Guardrails { get; init; }

    /// <summary>Jack-in checks; throws <see cref="RunModeException"/> on the first that fails. Changes nothing but the guardrails' log.</summary>
    public PreflightPlan Check(StartRequest request)
    {
        var cfg = _ctx.Config;
        if (RunModeOff(cfg, _ctx.RepoRoot) is { } off)
        {
            throw new RunModeException(off);
        }

        // One git for whether this is a work tree, its branch and its uncommitted changes, each checked where it always was.
        if (_ctx.Git.Status() is not { } status)
        {
            throw new RunModeException($"{_ctx.RepoRoot} is not a git repository: run ias inside one or pass --repo PATH");
        }

        var planned = SprintText is null ? SprintSection(request.Target) : null;
        var sprint = SprintText ?? planned!.Text;
        if (request.Options.MaxCycles < 1 || request.Options.TimeoutHours <= 0)
        {
            throw new RunModeException("--max-cycles must be at least 1 and --timeout more than 0 hours");
        }

        NothingInTheWay();

        ReadyToCommit(status);

        var current = status.Branch ?? "(detached HEAD)";
        // 004: `--branch NAME`, default feature/<target> (the configured prefix), whatever branch the run starts from.
        var branch = request.Branch ?? cfg.RunMode.BranchPrefix + request.Target;
        BranchAllowed(branch, current);

        var agents = Agents(request.Options);
        PushAllowed(request.Options, branch);

        if (SprintCommit.PatternWarning(cfg.RunMode.SprintCommitPattern, request.Target) is { } patternWarning)
        {
            _ctx.Progress($"warning: {patternWarning}");
        }

        // Every other check first (`ias init-repo` answers them), then what a person must write before a turn is paid for.
        if (((planned is null ? null : Unfilled(planned, SprintPlan.NumberOf(request.Target)!.Value)) ?? Placeholders.InScaffold(_ctx.RepoRoot)) is { } unfilled)
        {
            throw new RunModeException($"{unfilled}, then run again; no agent was called");
        }

        // Last, so a run refused for anything else leaves no log behind. Text a caller hands in (a bug's) is its to screen.
        // A dry run checks everything and writes nothing, the guardrails' log included.
        var guardrails = Guardrails ?? new RunGuardrails(_ctx, record: !request.Options.DryRun);
        if (planned is not null)
        {
            guardrails.Screen(request.Target, planned);
        }

        guardrails.JackIn(request.Target, request.Options.AllowHigh);
        return new PreflightPlan(request.Target, sprint, current, branch, branch != current, agents, request.Options) { Uncommitted = status.Dirty.Count };
    }

    /// <summary>
    /// Before ias takes over a run it holds no record of (the original tools', or its own after ias.db went): what pre-flight
    /// asks of a new run that still means something for one under way. Run Mode on, git can commit, each role's agent is
    /// there and logged in, and the push and draft PR are allowed; a take-over refused here fails in one line, not as
    /// crashes in the box.
    /// </summary>
    public void CheckTakeover(RunSnapshot run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (RunModeOff(_ctx.Config, _ctx.RepoRoot) is { } off)
        {
            throw new RunModeException(off);
        }

        if (_ctx.Git.IdentityProblem() is { } nobody)
        {
            throw new RunModeException(nobody);
        }

        Agents(run.Options);
        if (run.State is not RunState.Complete)
        {
            PushAllowed(run.Options, run.Branch);
        }
    }

    /// <summary>A protected branch is never worked on, and a run of its own never on the one the person has checked out.</summary>
    private void BranchAllowed(string branch, string current)
    {
        if (ProtectedBranches.IsProtected(branch))
        {
            throw new RunModeException($"branch {branch} is protected by ICE and Run Mode never works on it: pass --branch with a feature branch name");
        }

        if (!CheckoutHeld && branch == current)
        {
            throw new RunModeException(RunWorktree.CheckedOut(branch, _ctx.RepoRoot));
        }
    }

    /// <summary>No engine, no other writer of the checkout and no run that is not over stands in the way of a new run.</summary>
    private void NothingInTheWay()
    {
        if (Writing(_ctx.Paths, _ctx.Clock.GetUtcNow(), CheckoutHeld, EngineHeld) is { } writer)
        {
            throw new RunModeException(writer);
        }

        // A run in .run/ that ias.db does not know (the original tools', or ias's own after ias.db went) is the user's to
        // resume or end: a new run would write over its files. A corrupt file is reported here, never overwritten either.
        if (UnrecordedRun.Find(_ctx.Paths, _ctx.Runs)?.Conflict(_ctx.Paths) is { } unrecorded)
        {
            throw new RunModeException(unrecorded);
        }

        if (File.Exists(_ctx.Paths.Database))
        {
            // A run stopped during jack-in never started (resume refuses it), so a new run may take its place.
            if (_ctx.Runs.CurrentRun() is { Over: false } existing)
            {
                throw new RunModeException(
                    $"run {existing.RunId} ({existing.Target}) is {WireName.Of(existing.State)} at cycle {existing.CycleCurrent}: continue it with `ias run-resume{_ctx.Paths.Naming(existing.Branch)}`"
                    + (existing.State == RunState.Halted ? $", or end it with `ias run-halt{_ctx.Paths.Naming(existing.Branch)} --jack-out`" : ", or remove .run/ to start fresh"));
            }
        }
    }

    /// <summary>The run's commits hold only the agent's work, and git can make them: a clean tree, and a name and email.</summary>
    private void ReadyToCommit(WorkTreeStatus status)
    {
        // A run of its own works in its worktree, from the last commit: only an owner's sprint works in the checkout.
        if (CheckoutHeld && Uncommitted(status) is { } dirty)
        {
            throw new RunModeException(dirty);
        }

        // The run commits after every implement turn: without a name and email git refuses the first commit, once the
        // turn is paid for.
        if (_ctx.Git.IdentityProblem() is { } nobody)
        {
            throw new RunModeException(nobody);
        }
    }

    /// <summary>Each role's agent, as pre-flight shows it; an agent that is missing or not logged in refuses the run.</summary>
    private Dictionary<string, string> Agents(RunOptions options)
    {
        var agents = new Dictionary<string, string>();
        foreach (var (role, agent, problem) in AgentChecks(options.Agent))
        {
            agents[role] = problem is null ? agent : throw new RunModeException(problem);
        }

        return agents;
    }

    /// <summary>
    /// Each role's agent as pre-flight shows it ("claude (opus)"), with why it cannot play the role (missing, no box, not
    /// logged in as its turn would find it); the problem is null when it can. Checked one role at a time, as the caller reads them.
    /// </summary>
    public IEnumerable<(string Role, string Agent, string? Problem)> AgentChecks(string? agent)
    {
        var settings = AgentsFor(_ctx.Config, agent);
        foreach (var role in Role.Configurable)
        {
            var s = settings.For(role);
            var name = s.Agent.ToString().ToLowerInvariant();
            var problem = _ctx.Agents.Check(s) ?? (_ctx.Agents.LoginProblem(s, role) is { } login ? $"{name} is not logged in: {login}" : null);
            yield return (role.Wire, name + (s.Model is null ? "" : $" ({s.Model})"), problem);
        }
    }

    /// <summary>Whether the push and the draft PR the run will make are allowed, asked of the remote before the first turn.</summary>
    private void PushAllowed(RunOptions options, string branch)
    {
        // A plan or a bug run (which hold the checkout) asked once at their start; a later sprint asking again would stop a
        // plan half-way over a network blip that the publisher's retries at the end may well outlast.
        if (!CheckoutHeld)
        {
            var mode = Publisher.ModeFor(options.Local, options.ConfirmPush, _ctx.Config.RunMode.AutoPush);
            var check = new PermissionCheck(_ctx.Git, () => IceGh.OnPath(_ctx.Git.RepoRoot), SecretRedactor.ForThisProcess());
            if (check.Problem(mode, branch, _ctx.Config.RunMode.CreateDraftPr) is { } denied)
            {
                throw new RunModeException(denied);
            }
        }
    }

    private ScannedText SprintSection(string target)
    {
        var number = SprintPlan.NumberOf(target)
            ?? throw new RunModeException($"target \"{target}\" is not of the form sprint-N (e.g. `ias run sprint-1`) or sprint-plan");
        var plan = Plan ?? SprintPlan.Discover(_ctx.RepoRoot, _ctx.Config.SprintPlan);
        return MissingSprint(_ctx.RepoRoot, _ctx.Config.SprintPlan, plan, number) is { } missing
            ? throw new RunModeException(missing)
            : plan.Scanned(number)!;
    }

    /// <summary>The agents of <paramref name="config"/>, all of them <paramref name="agent"/> when the run names one (--agent).</summary>
    internal static AgentsConfig AgentsFor(LoaConfig config, string? agent) =>
        agent is { } kind ? config.Agents.WithAgent(ParseAgent(kind), AgentAdapters.Builtin.Kinds) : config.Agents;

    internal static AgentKind ParseAgent(string name) =>
        AgentAdapters.Builtin.Find(name)?.Kind
            ?? throw new RunModeException($"--agent {name} is not one of {AgentKind.List(AgentAdapters.Builtin.Kinds, ", ")}");

    /// <summary>
    /// The checkout for a run, a plan or a bug run (named by <paramref name="kind"/>), taken for as long as it may change the
    /// work tree; refused with who holds it, such as a queue runner's writing job.
    /// </summary>
    internal static CheckoutLock TakeCheckout(EngineContext ctx, string kind)
    {
        ctx.Paths.EnsureCreated();
        var now = ctx.Clock.GetUtcNow();
        var writer = new CheckoutWriter(kind, Environment.ProcessId, now, "halt it with `ias run-halt` or wait");
        return CheckoutLock.TryTake(ctx.Paths, writer, out var holder)
            ?? throw new RunModeException(holder!.Describe(now));
    }
}
