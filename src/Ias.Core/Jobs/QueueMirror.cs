using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Jobs;

/// <summary>Writes the runner folder so the queue is readable without the program: one file per job in the folder of its state.</summary>
public static class QueueMirror
{
    public static void Write(QueuePaths paths, QueueConfig config, QueueRun run, IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(jobs);
        if (run?.Initialized is null)
        {
            return;
        }

        // The run's folder is the user's (docs/ias/runs/NAME); the runner folder in it holds prompts and job logs, for the owner alone.
        Directory.CreateDirectory(paths.RunDir);
        OwnerOnly.CreateFolderTight(paths.RunnerDir);
        foreach (var state in Enum.GetValues<JobState>())
        {
            OwnerOnly.CreateFolder(paths.StateDir(state));
        }

        OwnerOnly.CreateFolder(paths.JobsDir);
        WriteIfChanged(paths.ConfigJson, QueueJson.Render(QueueJson.Config(run.Name, config)));
        WriteIfChanged(paths.StateJson, QueueJson.Render(QueueJson.State(run, jobs)));

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var file = paths.JobFile(job.State, job.Id);
            wanted.Add(file);
            WriteIfChanged(file, QueueJson.Render(QueueJson.Job(job)));
        }

        // A job that moved leaves its old file behind; so does a file someone copied in by hand. The database decides.
        foreach (var state in Enum.GetValues<JobState>())
        {
            foreach (var file in Directory.EnumerateFiles(paths.StateDir(state), "*.json"))
            {
                if (!wanted.Contains(file))
                {
                    File.Delete(file);
                }
            }
        }
    }

    // Unchanged files are left alone: a mirror after every change would otherwise rewrite (and fsync) every job each time.
    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        AtomicFile.Write(path, text);
    }
}
