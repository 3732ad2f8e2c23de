using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// Takes on a runner folder another tool made (`docs/ias/runs/NAME/runner/` for a run the queue does not know), as the
/// source documents' mixed modes ask: the run is registered, its pending job files run as dropped ones, and its other
/// files stay where they are; its jobs are numbered after the ones already there, so no file of its is written over.
/// </summary>
public static partial class QueueAdoption
{
    /// <summary>What was adopted, in one line; null when <paramref name="run"/> (the newest folder when null and no run is known) needs none.</summary>
    public static string? Adopt(IQueueStore store, string repoRoot, string? run, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        if (RunnerFolder(repoRoot, run ?? (store.QueueRuns().Count == 0 ? Newest(repoRoot) : null)) is not { } paths || store.FindQueueRun(paths.Run) is not null)
        {
            return null;
        }

        var name = paths.Run;
        var kept = new List<string>();
        foreach (var file in new[] { paths.ConfigJson, paths.StateJson }.Where(File.Exists))
        {
            if (!File.Exists(file + Kept))
            {
                File.Copy(file, file + Kept);
            }

            kept.Add(Path.GetFileName(file));
        }

        if (!store.AddQueueRun(name, clock.GetUtcNow(), LastNumber(paths)))
        {
            return null;
        }

        var pending = Files(paths, JobState.Pending).Count();
        var running = Files(paths, JobState.Running).Count();
        return $"adopted run {name}, whose runner folder another tool made: its {pending} pending job file(s) run here, its other files stay as they are"
            + (kept.Count > 0 ? $" ({string.Join(" and ", kept)} copied to *{Kept} first)" : "")
            + (running > 0 ? $"; {running} job file(s) in running/ are the other tool's: once its runner has stopped, move them to pending/ to run them here" : "");
    }

    /// <summary>
    /// The line for a command that does not adopt a run the queue does not know: null unless <paramref name="run"/> (the
    /// newest folder when null) is a runner folder another tool made.
    /// </summary>
    public static string? Unadopted(string repoRoot, string? run) =>
        RunnerFolder(repoRoot, run ?? Newest(repoRoot)) is { Run: var name }
            ? $"run {name} has a runner folder another tool made: adopt it with `ias init --run {name}`"
            : null;

    /// <summary>The suffix of the copies of the other tool's config.json and state.json, which ias writes its own over.</summary>
    public const string Kept = ".before-ias";

    // The run's runner folder when there is one (a queue/ folder or a config.json); null for none, or a name no run may have.
    private static QueuePaths? RunnerFolder(string repoRoot, string? name) =>
        name is not null && QueuePaths.NameProblem(name) is null && new QueuePaths(repoRoot, name) is var paths
        && (Directory.Exists(paths.QueueDir) || File.Exists(paths.ConfigJson))
            ? paths
            : null;

    private static string? Newest(string repoRoot)
    {
        var runs = QueuePaths.RunsDir(Path.GetFullPath(repoRoot));
        return Directory.Exists(runs)
            ? Directory.EnumerateDirectories(runs)
                .Where(d => Directory.Exists(Path.Combine(d, "runner")))
                .OrderByDescending(d => Directory.GetLastWriteTimeUtc(Path.Combine(d, "runner")))
                .Select(Path.GetFileName)
                .FirstOrDefault()
            : null;
    }

    // The highest number a job file or job folder of the other tool's carries, so none of ias's jobs takes its name.
    private static int LastNumber(QueuePaths paths)
    {
        var names = Enum.GetValues<JobState>().SelectMany(s => Files(paths, s)).Select(Path.GetFileNameWithoutExtension)
            .Concat(Directory.Exists(paths.JobsDir) ? Directory.EnumerateDirectories(paths.JobsDir).Select(Path.GetFileName) : []);
        return names.Select(n => Number().Match(n ?? "")).Where(m => m.Success)
            .Select(m => int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
    }

    private static IEnumerable<string> Files(QueuePaths paths, JobState state) =>
        Directory.Exists(paths.StateDir(state)) ? Directory.EnumerateFiles(paths.StateDir(state), "*.json") : [];

    [GeneratedRegex("^([0-9]{1,9})-")]
    private static partial Regex Number();
}
