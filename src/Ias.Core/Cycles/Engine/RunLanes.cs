using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Engine;

/// <summary>Where each run keeps its own files, so several work at once: `.run/` for the first, `.run/lanes/BRANCH/` beside it.</summary>
/// <remarks>See <see cref="RunPaths.Lane"/> for what a lane holds and what stays the repository's.</remarks>
public static class RunLanes
{
    /// <summary>The lane a new run on <paramref name="branch"/> starts in: its last run's, else `.run/` when nothing holds it, else the branch's own.</summary>
    /// <remarks>A branch's last run keeps its lane so that the refusals of a run not over stay where they were.</remarks>
    public static RunPaths ForStart(RunPaths repo, string branch)
    {
        ArgumentNullException.ThrowIfNull(repo);
        using var store = File.Exists(repo.Database) ? RunStore.Open(repo.Database) : null;
        if (repo.Lanes().FirstOrDefault(l => store is not null && new RunRecords(store, l.Lane).CurrentRun()?.Branch == branch) is { } last)
        {
            return last;
        }

        // The original tools' run in `.run/`, one ias.db does not know, is settled there first: pre-flight says how.
        var first = repo.InLane(null);
        var runs = store is null ? null : new RunRecords(store);
        return UnrecordedRun.Find(first, runs) is null && Held(first, runs) ? repo.InLane(RunPaths.LaneOf(branch)) : first;
    }

    /// <summary>The lane of <see cref="ForStart"/> (or <paramref name="chosen"/>) with its engine lock taken for the run's engine.</summary>
    /// <remarks>A run that works on the branch already is refused in one line.</remarks>
    public static EngineLock Take(RunPaths repo, string branch, string owner, out RunPaths lane, string? chosen = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        lane = chosen is null ? ForStart(repo, branch) : repo.InLane(chosen == "" ? null : chosen);
        if (TryTake(lane, owner, out var holder) is { } held)
        {
            return held;
        }

        // Another run took `.run/` a moment ago (three started at once): this one goes to its branch's own lane.
        if (chosen is null && lane.Lane is null && !Runs(repo).Any(r => r.Lane.Lane is null && r.Run?.Branch == branch))
        {
            lane = repo.InLane(RunPaths.LaneOf(branch));
            if (TryTake(lane, owner, out holder) is { } beside)
            {
                return beside;
            }
        }

        throw new RunModeException($"a run already works on {branch} ({holder ?? "unknown owner"}): watch it with `ias run-status{lane.Naming(branch)}`, stop it with `ias run-halt{lane.Naming(branch)}`");
    }

    /// <summary>The lane of the run <paramref name="name"/> names (its branch, target, run id or lane), a run not over first; null when none does.</summary>
    public static RunPaths? Find(RunPaths repo, string name)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var runs = Runs(repo);
        return runs.Where(r => r.Run is { } run && (run.Branch == name || run.Target == name || run.RunId == name) || r.Lane.Lane == name)
            .OrderBy(r => r.Run is { Over: false } ? 0 : 1).Select(r => r.Lane).FirstOrDefault();
    }

    /// <summary>The lanes whose run is at work or not over (halted, tripped, left by a killed engine), `.run/` first.</summary>
    public static IReadOnlyList<(RunPaths Lane, RunSnapshot Run)> Active(RunPaths repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return [.. Runs(repo).Where(r => r.Run is not null && (!r.Run.Over || EngineLock.IsHeld(r.Lane.EngineLock, out _))).Select(r => (r.Lane, r.Run!))];
    }

    /// <summary>The lane a command on one run acts on: the one <paramref name="name"/> names, else the one run at work, else `.run/`.</summary>
    /// <remarks>Several at work and none named is refused in one line that lists them.</remarks>
    public static RunPaths Pick(RunPaths repo, string? name, string command)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (name is not null)
        {
            return Find(repo, name) ?? throw new RunModeException($"no run in {repo.RepoRoot} is named {name}: `ias run-status` lists the runs at work, by branch");
        }

        var active = Active(repo);
        return active.Count switch
        {
            0 => repo.InLane(null),
            1 => active[0].Lane,
            _ => throw new RunModeException(
                $"{active.Count} runs are at work here ({string.Join(", ", active.Select(a => $"{a.Run.Target} on {a.Run.Branch}"))}): name one with `ias {command} --run BRANCH`"),
        };
    }

    // Each lane with its current run, or null before its first.
    private static List<(RunPaths Lane, RunSnapshot? Run)> Runs(RunPaths repo)
    {
        if (!File.Exists(repo.Database))
        {
            return [];
        }

        using var store = RunStore.Open(repo.Database);
        return [.. repo.Lanes().Select(l => (l, new RunRecords(store, l.Lane).CurrentRun()))];
    }

    /// <summary>Whether an engine, a writer or a run that is not over holds <paramref name="lane"/>, whose <paramref name="runs"/> they are.</summary>
    private static bool Held(RunPaths lane, RunRecords? runs) =>
        EngineLock.IsHeld(lane.EngineLock, out _) || CheckoutLock.Holder(lane) is not null || runs?.CurrentRun() is { Over: false };

    private static EngineLock? TryTake(RunPaths lane, string owner, out string? holder)
    {
        lane.EnsureCreated();
        return EngineLock.TryAcquire(lane.EngineLock, owner, out holder);
    }
}
