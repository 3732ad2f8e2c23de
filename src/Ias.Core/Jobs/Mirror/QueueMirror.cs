using System.Text.Json;
using System.Text.RegularExpressions;
using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Mirror;

/// <summary>Writes the runner folder so the queue is readable without the program: one file per job in the folder of its state.</summary>
/// <remarks>
/// The files are copies of what `.run/ias.db` keeps, so they are renamed into place whole without waiting for the disk.
/// Only files named as ias names a job (0007-reviewer.json) are ias's to replace or remove: anything else in the folders is
/// someone's, and a file dropped into pending/ is a job for the runner to pick up (<see cref="JobDrops"/>). In pending/ even
/// a file with a job's name may be someone's (a job's file copied back from done/, say): there the mirror replaces or removes
/// only what it wrote itself, a file naming that job as pending, and sets anything else aside for the runner to take.
/// </remarks>
public static partial class QueueMirror
{
    /// <summary>The whole folder from the database: every job's file in its state's folder, stale job files removed.</summary>
    public static void WriteAll(QueuePaths paths, QueueConfig config, QueueRun run, IReadOnlyDictionary<JobState, int> counts, IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(jobs);
        if (run?.Initialized is null)
        {
            return;
        }

        CreateFolders(paths);
        WriteIfChanged(paths.ConfigJson, RunnerFileJson.Render(RunnerConfigFile.Of(run.Name, config)));
        WriteIfChanged(paths.StateJson, QueueJson.RenderState(run, counts));

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var file = paths.JobFile(job.State, job.Id);
            wanted.Add(file);
            known.Add(job.Id);
            if (job.State == JobState.Pending)
            {
                KeepDrop(file);
            }

            WriteIfChanged(file, QueueJson.RenderJob(job));
        }

        // A job that moved while a killed process's mirror was not committed leaves its old file behind: the file of a job the
        // database knows, in a folder not its state's. Any other file is someone's (another tool's done/ job of a run ias
        // adopted); in pending/ only the mirror's own file is a leftover, and any other is a drop the runner takes.
        foreach (var state in Enum.GetValues<JobState>())
        {
            foreach (var file in Directory.EnumerateFiles(paths.StateDir(state), "*.json"))
            {
                if (!wanted.Contains(file) && IsJobFile(file) && known.Contains(Path.GetFileNameWithoutExtension(file))
                    && (state != JobState.Pending || IsOwnPendingFile(file)))
                {
                    File.Delete(file);
                }
            }
        }
    }

    /// <summary>The jobs one change wrote (the last version of each), moved to their state's folder, and state.json.</summary>
    public static void WriteChanged(QueuePaths paths, QueueRun run, IReadOnlyDictionary<JobState, int> counts, IReadOnlyList<Job> changed)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(changed);
        if (run?.Initialized is null)
        {
            return;
        }

        CreateFolders(paths);
        var last = new Dictionary<string, Job>(StringComparer.Ordinal);
        foreach (var job in changed)
        {
            last[job.Id] = job;
        }

        foreach (var job in last.Values)
        {
            var file = paths.JobFile(job.State, job.Id);
            if (job.State == JobState.Pending)
            {
                KeepDrop(file);
            }

            Write(file, QueueJson.RenderJob(job));
            foreach (var other in Enum.GetValues<JobState>().Where(s => s != job.State))
            {
                File.Delete(paths.JobFile(other, job.Id));
            }
        }

        WriteIfChanged(paths.StateJson, QueueJson.RenderState(run, counts));
    }

    /// <summary>Whether <paramref name="file"/> is named as ias names a job's file: a sequence number, a dash, a role.</summary>
    public static bool IsJobFile(string file) => JobFileName().IsMatch(Path.GetFileName(file));

    /// <summary>
    /// Whether the job file <paramref name="file"/> in pending/ is one the mirror wrote: it names the job its file name says,
    /// in the pending state. A job's file copied back from done/ names a later state, and a job written by hand names no id.
    /// </summary>
    public static bool IsOwnPendingFile(string file) =>
        AgentFile.Read(file, OwnFileMaxBytes).Bytes is { } bytes && SaysPending(Path.GetFileNameWithoutExtension(file), bytes);

    /// <summary>Whether <paramref name="bytes"/> are a job's JSON naming job <paramref name="id"/> in the pending state, as the mirror writes it.</summary>
    public static bool SaysPending(string id, byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("id", out var named) && named.ValueKind == JsonValueKind.String && named.GetString() == id
                && root.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String && state.GetString() == JobState.Pending.Wire();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Moves a drop in pending/ to a name that is not a job's (dropped-NAME), where the runner takes it as any other drop; returns its new path.</summary>
    public static string SetAsideDrop(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        var name = Path.GetFileNameWithoutExtension(file);
        var target = Path.Combine(folder, $"dropped-{name}.json");
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(folder, $"dropped-{name}-{n}.json");
        }

        File.Move(file, target);
        return target;
    }

    // Someone's file where the mirror is about to write a pending job's file is set aside first, never written over.
    private static void KeepDrop(string file)
    {
        if (File.Exists(file) && !IsOwnPendingFile(file))
        {
            SetAsideDrop(file);
        }
    }

    // A job's file is a few kilobytes at most: a larger file in pending/ is not one the mirror wrote.
    private const long OwnFileMaxBytes = 4 * 1024 * 1024;

    // The run's folder is the user's (docs/ias/runs/NAME); the runner folder in it holds prompts and job logs, for the owner alone.
    private static void CreateFolders(QueuePaths paths)
    {
        paths.PrepareRunDir();
        if (Directory.Exists(paths.JobsDir) && Enum.GetValues<JobState>().All(s => Directory.Exists(paths.StateDir(s))))
        {
            return;
        }

        OwnerOnly.CreateFolderTight(paths.RunnerDir);
        foreach (var state in Enum.GetValues<JobState>())
        {
            OwnerOnly.CreateFolder(paths.StateDir(state));
        }

        OwnerOnly.CreateFolder(paths.JobsDir);
    }

    // Unchanged files are left alone: a whole mirror would otherwise rewrite every job each time.
    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        Write(path, text);
    }

    private static void Write(string path, string text) => AtomicFile.Write(path, text, OwnerOnly.PrivateMode, durable: false);

    [GeneratedRegex(@"^[0-9]{4,}-[a-z][a-z0-9_-]*\.json$")]
    private static partial Regex JobFileName();
}
