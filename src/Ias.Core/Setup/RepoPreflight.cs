using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.Scaffold;

namespace Ias.Core.Setup;

/// <summary>
/// `ias preflight`: whether a repository is ready for agents, one line a check (the scaffold they read, each role's
/// agent CLI, git's identity, `origin`, the box), in Run Mode pre-flight's own words; and the repairs that are safe for
/// ias to make, which are the scaffold's files alone: credentials, remotes and identity are a person's.
/// </summary>
public static class RepoPreflight
{
    /// <summary>The command that repairs what <see cref="Fix"/> can, as the lines name it.</summary>
    public const string FixCommand = "ias preflight --fix";

    /// <summary>Writes the missing parts of the scaffold an agent reads in the repository at <paramref name="root"/>; returns what it did, one line each.</summary>
    public static IReadOnlyList<string> Fix(string root)
    {
        var done = new List<string>();
        foreach (var entry in RepoScaffold.Look(root, ScaffoldProfile.Terminal).Where(e => e.Change is not null))
        {
            RepoScaffold.Write(root, entry);
            done.Add(entry.Change!);
        }

        return done;
    }

    /// <summary>Every check, in order; changes nothing.</summary>
    public static IReadOnlyList<PreflightLine> Check(EngineContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var lines = new List<PreflightLine>();
        foreach (var entry in RepoScaffold.Look(ctx.RepoRoot, ScaffoldProfile.Terminal))
        {
            // A run starts without the scaffold; agents then read only their prompt.
            var fix = entry.Change is null ? "" : entry.Serves ? $" (`{FixCommand}` refreshes it)" : $": run `{FixCommand}`";
            lines.Add(new(entry.Serves, entry.Describe() + fix, Advice: true));
        }

        lines.AddRange(Unwritten(ctx).Select(text => new PreflightLine(false, text)));

        foreach (var (role, agent, problem) in new PreflightChecks(ctx).AgentChecks(null))
        {
            lines.Add(new(problem is null, problem is null ? $"{role}: {agent} is installed" : $"{role}: {problem}"));
        }

        var nobody = ctx.Git.IdentityProblem();
        lines.Add(new(nobody is null, nobody ?? "git knows who commits (user.name and user.email)"));
        lines.Add(ctx.Git.HasRemote(Publisher.Remote)
            ? new(true, $"git remote {Publisher.Remote} is set: runs push their branch there and open draft PRs")
            : new(true, $"no git remote {Publisher.Remote}: runs stay on this machine (no push, no draft PR); `git remote add {Publisher.Remote} URL` publishes them"));
        if (ctx.Git.HasRemote(Publisher.Remote))
        {
            lines.Add(Gh(ctx));
        }
        lines.Add(Box(ctx));
        if (Run(ctx, lines) is { } run)
        {
            lines.Add(run);
        }

        return lines;
    }

    /// <summary>
    /// The run's own pre-flight, as `ias run sprint-N --dry-run` runs it for the plan's next sprint, so `ias preflight` and a
    /// run never disagree: a refusal no line above names is a line of its own (null for one named there). With Run Mode
    /// off it is advice, as the job queue works without it.
    /// </summary>
    private static PreflightLine? Run(EngineContext ctx, IReadOnlyList<PreflightLine> above)
    {
        if (PreflightChecks.RunModeOff(ctx.Config, ctx.RepoRoot) is { } off)
        {
            return new(false, $"{off} (`ias init-repo` does it; the job queue works without it)", Advice: true);
        }

        var target = NextSprint(ctx);
        var cfg = ctx.Config.RunMode;
        try
        {
            var plan = new RunEngine(ctx).Preflight(new StartRequest(target, new RunOptions(cfg.MaxCycles, cfg.TimeoutHours, DryRun: true), null));
            return new(true, $"`ias run {target}` would start ({string.Join(", ", plan.Agents.Select(r => $"{r.Key} {r.Value}"))})");
        }
        catch (RunModeException e)
        {
            // An agent's line says the role before the run's words: "reviewer: claude is not logged in: …".
            return above.Any(l => l.Stops && (e.Message.Contains(l.Text, StringComparison.Ordinal) || l.Text.EndsWith(": " + e.Message, StringComparison.Ordinal)))
                ? null
                : new(false, $"`ias run {target}`: {e.Message}");
        }
    }

    // The sprint a run takes next: the plan's first still to do (sprint-1 without a plan, which the run's refusal names).
    private static string NextSprint(EngineContext ctx)
    {
        try
        {
            return SprintPlan.Discover(ctx.RepoRoot, ctx.Config.SprintPlan).NextTarget;
        }
        catch (Exception e) when (e is RunModeException or IOException or UnauthorizedAccessException)
        {
            return "sprint-1";
        }
    }

    /// <summary>
    /// What a person still has to write before a run pays for a turn: the first sprint and the first scaffold file that
    /// still hold a starter placeholder, one line each with file and line; empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> Unwritten(EngineContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return [.. new[] { UnfilledSprint(ctx), Placeholders.InScaffold(ctx.RepoRoot) }.OfType<string>()];
    }

    // The first sprint of the plan still as `ias init-repo` wrote it; a plan that cannot be read is the run's to refuse.
    private static string? UnfilledSprint(EngineContext ctx)
    {
        try
        {
            var plan = SprintPlan.Discover(ctx.RepoRoot, ctx.Config.SprintPlan);
            return plan.Numbers.Order().Select(n => PreflightChecks.Unfilled(plan.Scanned(n)!, n)).FirstOrDefault(p => p is not null);
        }
        catch (Exception e) when (e is RunModeException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Without gh a run still pushes; the draft's text waits in .run/pr.md.
    private static PreflightLine Gh(EngineContext ctx) =>
        IceGh.OnPath(ctx.RepoRoot) is not null ? new(true, "gh opens the draft PRs")
        : IceGh.PassedOver() is { } passed ? new(false, passed, Advice: true)
        : new(true, "gh is not installed: runs push, and each draft PR's text waits in .run/pr.md");

    private static PreflightLine Box(EngineContext ctx)
    {
        if (!ctx.Agents.Sandboxed)
        {
            return new(true, "the agent's box is off (ias.sandbox.enabled: false): agents run under ICE's git shim and hook alone");
        }

        return BoxProbe.Problem() is { } problem ? new(false, problem) : new(true, "bubblewrap builds the agent's box here");
    }
}
