using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Guardrails;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles;

public sealed partial class RunEngine
{
    /// <summary>Jack-in checks; throws <see cref="RunModeException"/> on the first that fails. Changes nothing but the guardrails' log.</summary>
    public PreflightPlan Preflight(StartRequest request)
    {
        if (request.Options.DryRun)
        {
            // A dry run checks everything and writes nothing, the guardrails' log included.
            _guardrails ??= new RunGuardrails(_ctx, record: false);
        }

        var cfg = _ctx.Config;
        if (!cfg.RunMode.Enabled)
        {
            throw new RunModeException($"Run Mode is off in {Path.Combine(_ctx.RepoRoot, ".loa.config.yaml")}: set run_mode.enabled: true to opt in");
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

        if (EngineLock.IsHeld(_ctx.Paths.EngineLock, out var holder))
        {
            throw new RunModeException($"an engine ({holder ?? "unknown owner"}) is already running here; watch it with `ias run-status`, stop it with `ias run-halt`");
        }

        if (!CheckoutHeld && CheckoutLock.Holder(_ctx.Paths) is { } writer)
        {
            throw new RunModeException(writer.Describe(Now));
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
            if (_ctx.Runs.CurrentRun() is { State: not (RunState.JackedOut or RunState.ReadyForHitl or RunState.Ready or RunState.JackIn) } existing)
            {
                throw new RunModeException(
                    $"run {existing.RunId} ({existing.Target}) is {WireName.Of(existing.State)} at cycle {existing.CycleCurrent}: continue it with `ias run-resume`"
                    + (existing.State == RunState.Halted ? ", or end it with `ias run-halt --jack-out`" : ", or remove .run/ to start fresh"));
            }
        }

        if (status.Uncommitted is { } dirty)
        {
            throw new RunModeException($"{dirty}: commit or stash them first, so the run's commits hold only the agent's work");
        }

        var current = status.Branch ?? "(detached HEAD)";
        // 004: `--branch NAME`, default feature/<target> (the configured prefix), whatever branch the run starts from.
        var branch = request.Branch ?? cfg.RunMode.BranchPrefix + request.Target;
        if (ProtectedBranches.IsProtected(branch))
        {
            throw new RunModeException($"branch {branch} is protected by ICE and Run Mode never works on it: pass --branch with a feature branch name");
        }

        var agents = new Dictionary<string, string>();
        var settings = request.Options.Agent is { } kind ? cfg.Agents.WithAgent(ParseAgent(kind), AgentAdapters.Builtin.Kinds) : cfg.Agents;
        foreach (var role in Role.Configurable)
        {
            var s = settings.For(role);
            if (_ctx.Agents.Check(s) is { } problem)
            {
                throw new RunModeException(problem);
            }

            agents[role.Wire] = s.Agent.ToString().ToLowerInvariant() + (s.Model is null ? "" : $" ({s.Model})");
        }

        // A plan or a bug run (which hold the checkout) asked once at their start; a later sprint asking again would stop a
        // plan half-way over a network blip that the publisher's retries at the end may well outlast.
        if (!CheckoutHeld)
        {
            var mode = Publisher.ModeFor(request.Options.Local, request.Options.ConfirmPush, cfg.RunMode.AutoPush);
            var check = new PermissionCheck(_ctx.Git, () => IceGh.Find(_ctx.Git.RepoRoot, Environment.GetEnvironmentVariable("PATH") ?? ""), SecretRedactor.ForThisProcess());
            if (check.Problem(mode, branch, cfg.RunMode.CreateDraftPr) is { } denied)
            {
                throw new RunModeException(denied);
            }
        }

        if (SprintCommit.PatternWarning(cfg.RunMode.SprintCommitPattern, request.Target) is { } patternWarning)
        {
            _ctx.Progress($"warning: {patternWarning}");
        }

        // Last, so a run refused for anything else leaves no log behind. Text a caller hands in (a bug's) is its to screen.
        if (planned is not null)
        {
            Guardrails.Screen(request.Target, planned);
        }

        Guardrails.JackIn(request.Target, request.Options.AllowHigh);
        return new PreflightPlan(request.Target, sprint, current, branch, branch != current, agents, request.Options);
    }

    private ScannedText SprintSection(string target)
    {
        var number = SprintPlan.NumberOf(target)
            ?? throw new RunModeException($"target \"{target}\" is not of the form sprint-N (e.g. `ias run sprint-1`) or sprint-plan");
        var planPath = SprintPlanPath();
        var plan = PinnedPlan();
        if (plan.Numbers.Count == 0 && !File.Exists(planPath))
        {
            throw new RunModeException($"sprint plan {planPath} not found: write it with `## Sprint {number}` sections or set ias.sprint_plan in .loa.config.yaml ({SprintPlan.OtherSources})");
        }

        return plan.Scanned(number)
            ?? throw new RunModeException($"{target} is not in {plan.Source} (it has {(plan.Numbers.Count == 0 ? "no sprints" : string.Join(", ", plan.Numbers.Order().Select(n => $"sprint-{n}")))}); add a `## Sprint {number}` section to {_ctx.Config.SprintPlan}");
    }

    /// <summary>Whether a target is a bug run's micro-sprint (`sprint-bug-N`).</summary>
    public static bool IsBugTarget(string target) => target.StartsWith("sprint-bug-", StringComparison.Ordinal);

    internal static AgentKind ParseAgent(string name) =>
        AgentAdapters.Builtin.Find(name)?.Kind
            ?? throw new RunModeException($"--agent {name} is not one of {AgentKind.List(AgentAdapters.Builtin.Kinds, ", ")}");

    /// <summary>On resume: on the run's branch, and no stray edits outside an interrupted implement phase.</summary>
    private void EnsureBranchAndTree(bool force)
    {
        // The feedback a verdict wrote waits for the run's next commit: an engine stopped before it leaves it in the tree.
        var dirty = _ctx.Git.DirtyPaths().Where(p => !IsRunRecord(p)).ToList();
        var current = _ctx.Git.CurrentBranch();
        if (current != _run.Branch)
        {
            // Switching back could carry someone's work onto the run's branch; the person decides.
            throw new RunModeException(
                $"on branch {current ?? "(detached HEAD)"}, but run {_run.RunId} works on {_run.Branch}: commit or stash your changes, `git switch {_run.Branch}`, then `ias run-resume`");
        }

        // An implement phase cut off mid-way leaves the agent's edits in the tree; they are its work, kept and committed.
        var resumingImplement = (_run.Phase is Phase.RateLimited or Phase.AwaitingDecision ? _run.ResumePhase : _run.Phase) == Phase.Implement;
        if (dirty.Count > 0 && !resumingImplement && !force)
        {
            throw new RunModeException(
                $"work tree has {dirty.Count} uncommitted change(s) (e.g. {dirty[0]}) made outside the run; commit or stash them, or `ias run-resume --force` to fold them into the next implement commit");
        }
    }
}
