using System.Security.Cryptography;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Intake;

/// <summary>
/// Takes the job files dropped into pending/ (<see cref="JobDrops"/> finds them): a valid one becomes a pending job, an
/// invalid one is moved to failed/ with its reason, and ias's own files of jobs are passed over.
/// </summary>
/// <remarks>
/// The file's name, hash and time are recorded with the job in one transaction, so a runner killed before it removed the
/// file does not enqueue it twice: the next look finds it taken and only removes it.
/// </remarks>
internal sealed class JobDropIntake(IQueueStore store, QueueChanges changes, QueuePaths paths)
{
    /// <summary>What became of <paramref name="file"/>, in one line; null when there was nothing to take.</summary>
    public string? Take(string file)
    {
        var name = Path.GetFileName(file);
        var id = QueueMirror.IsJobFile(name) ? name[..^".json".Length] : null;
        if (name.StartsWith('.') || !name.EndsWith(".json", StringComparison.Ordinal)
            || (id is not null && store.FindJob(paths.Run, id) is { State: JobState.Pending }))
        {
            return null;
        }

        byte[] bytes;
        DateTime written;
        try
        {
            written = File.GetLastWriteTimeUtc(file);
            bytes = JobRequests.FileBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (QueueException e)
        {
            return Reject(file, e.Message);
        }

        if (id is not null)
        {
            // Someone's file under a job's name (a job's file copied back from done/, say) is taken under a name that is not
            // a job's, since the mirror writes the job it becomes, or a retried job of that name, there.
            return LagsBehind(id, bytes) ? null : Take(QueueMirror.SetAsideDrop(file));
        }

        // The same file dropped again later (a nightly task, say) is written anew, so its time tells it from a leftover.
        var identity = $"{Convert.ToHexStringLower(SHA256.HashData(bytes))}@{written.Ticks}";
        JobRequest request;
        try
        {
            request = JobRequests.FromRepository(bytes, paths.RepoRoot);
        }
        catch (QueueException e)
        {
            return Reject(file, e.Message);
        }

        // Its job could never start from this checkout's branch: refused with why, as a bad file is.
        return store.BaseProblem is { } noBase ? Reject(file, noBase) : Enqueue(file, identity, request);
    }

    // The job and the drop's record in one transaction, then the file removed.
    private string Enqueue(string file, string identity, JobRequest request)
    {
        var name = Path.GetFileName(file);
        Job? job = null;
        string? taken = null;
        changes.Change(() =>
        {
            taken = store.DropTaken(paths.Run, name, identity);
            if (taken is null)
            {
                job = store.AddJobs(paths.Run, [request], changes.Now())[0];
                changes.Wrote(job);
                store.AddDrop(paths.Run, name, identity, job.Id, changes.Now());
            }
        });

        // The mirror may have written the new job under the very name that was dropped.
        if (job is null || Path.GetFullPath(file) != paths.JobFile(JobState.Pending, job.Id))
        {
            File.Delete(file);
        }

        return job is null ? $"job file {name} was taken as {taken} already; removed" : $"job file {name} enqueued as {job.Id} ({(job.Writes ? "writes" : "read-only")})";
    }

    /// <summary>
    /// Whether a job file in pending/ is the mirror's own file of <paramref name="id"/> from when it was pending, left behind
    /// because the job moved on elsewhere; then the mirror catches up with the job. On a shared queue each checkout's folder
    /// shows only what its own runners changed, so a job a runner on another machine took still has its pending file here:
    /// taking that as a dropped job would run the job twice. A job's file copied back by hand says its later state, and is a drop.
    /// </summary>
    private bool LagsBehind(string id, byte[] bytes)
    {
        if (!QueueMirror.SaysPending(id, bytes))
        {
            return false;
        }

        var known = false;
        changes.Change(() =>
        {
            if (store.FindJob(paths.Run, id) is { } job)
            {
                known = true;
                changes.Wrote(job);
            }
        });
        return known;
    }

    private string Reject(string file, string why)
    {
        var name = Path.GetFileName(file);
        var failed = paths.StateDir(JobState.Failed);
        var target = Path.Combine(failed, "rejected-" + name);
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(failed, $"rejected-{Path.GetFileNameWithoutExtension(name)}-{n}.json");
        }

        Directory.CreateDirectory(failed);
        File.Move(file, target);
        File.WriteAllText(target + ".reason", why + "\n");
        return $"job file {name} refused: {why}; moved to failed/{Path.GetFileName(target)}";
    }
}
