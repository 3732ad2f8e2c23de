using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Git;
using Ias.Core.Guardrails;
using Ias.Core.Scaffold;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Preflight;

/// <summary>
/// Pre-flight's refusals of the repository itself, each one line that says what to do; `ias init-repo` checks with these
/// same functions and shows each of its steps under the line it answers, so the guide and pre-flight never disagree.
/// </summary>
public sealed partial class PreflightChecks
{
    /// <summary>The refusal of a repository whose configuration leaves Run Mode off; null when it is on.</summary>
    public static string? RunModeOff(LoaConfig config, string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.RunMode.Enabled ? null : $"Run Mode is off in {Path.Combine(repoRoot, ConfigLoader.FileName)}: set run_mode.enabled: true to opt in";
    }

    /// <summary>The refusal of a checkout an engine or another writer works in; null when none does.</summary>
    /// <remarks>
    /// <paramref name="checkoutHeld"/>: the caller holds the checkout itself (a sprint plan, a bug run);
    /// <paramref name="engineHeld"/>: it holds the engine lock.
    /// </remarks>
    public static string? Writing(RunPaths paths, DateTimeOffset now, bool checkoutHeld = false, bool engineHeld = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!engineHeld && EngineLock.IsHeld(paths.EngineLock, out var holder))
        {
            return $"an engine ({holder ?? "unknown owner"}) is already running here; watch it with `ias run-status`, stop it with `ias run-halt`";
        }

        return !checkoutHeld && CheckoutLock.Holder(paths) is { } writer ? writer.Describe(now) : null;
    }

    /// <summary>The refusal of a work tree with uncommitted changes; null when it is clean.</summary>
    public static string? Uncommitted(WorkTreeStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Uncommitted is { } dirty ? $"{dirty}: commit or stash them first, so the run's commits hold only the agent's work" : null;
    }

    /// <summary>
    /// The refusal of sprint <paramref name="number"/> when <paramref name="plan"/> (found from ias.sprint_plan,
    /// <paramref name="planSetting"/>) does not hold it; null when it does.
    /// </summary>
    public static string? MissingSprint(string repoRoot, string planSetting, SprintPlan plan, int number)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Scanned(number) is not null)
        {
            return null;
        }

        var planPath = Path.Combine(repoRoot, planSetting);
        return plan.Numbers.Count == 0 && !File.Exists(planPath)
            ? $"sprint plan {planPath} not found: write it with `## Sprint {number}` sections or set ias.sprint_plan in {ConfigLoader.FileName} ({SprintPlan.OtherSources})"
            : $"sprint-{number} is not in {plan.Source} (it has {(plan.Numbers.Count == 0 ? "no sprints" : string.Join(", ", plan.Numbers.Order().Select(n => $"sprint-{n}")))}); add a `## Sprint {number}` section to {planSetting}";
    }

    /// <summary>
    /// The refusal of a sprint whose text still holds the starter plan's placeholder, so no turn is paid for on it; null
    /// for one a person described.
    /// </summary>
    public static string? Unfilled(ScannedText sprint, int number)
    {
        ArgumentNullException.ThrowIfNull(sprint);
        return Placeholders.First(sprint.Text) is var (placeholder, line)
            ? $"sprint-{number} in {sprint.Where(line)} still holds the starter's placeholder {placeholder}: describe the sprint there (what to build, how to tell it is done)"
            : null;
    }
}
