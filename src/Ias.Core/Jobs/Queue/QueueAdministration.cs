using Ias.Core.Config;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// What people and the runner's own start do to a run's queue as a whole: register and find runs, set up the runner folders,
/// enqueue jobs, retry the failed ones, ask the runner to stop, record what it is doing and write the folders again.
/// </summary>
internal sealed class QueueAdministration(IQueueStore store, QueueChanges changes, RunnerRecord runners, QueueConfig config, string run)
{
    /// <summary>`ias new-run NAME`: registers the run and creates its folder; an existing name is refused.</summary>
    public static void Create(IQueueStore store, string repoRoot, string name, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var paths = new QueuePaths(repoRoot, name);
        if (!store.AddQueueRun(name, QueueChanges.Microseconds(clock.GetUtcNow())))
        {
            throw new QueueException($"run {name} exists already: pick another name, or use it with --run {name}");
        }

        paths.PrepareRunDir();
    }

    /// <summary>The run a command means: --run NAME, or the newest run (--latest, and the default).</summary>
    /// <remarks>A run <paramref name="repoRoot"/> has only as another tool's runner folder is named as one to adopt.</remarks>
    public static string Resolve(IQueueStore store, string? name, bool latest, string? repoRoot = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (name is not null && latest)
        {
            throw new QueueException("--run and --latest both given: pass one of them");
        }

        var runs = store.QueueRuns();
        if (name is not null)
        {
            return runs.Any(r => r.Name == name) ? name
                : throw new QueueException((repoRoot is null ? null : QueueAdoption.Unadopted(repoRoot, name))
                    ?? $"no run named {name}: create it with `ias new-run {name}` (runs: {Names(runs)})");
        }

        return runs.Count > 0 ? runs[^1].Name
            : throw new QueueException((repoRoot is null ? null : QueueAdoption.Unadopted(repoRoot, null)) ?? "no runs yet: create one with `ias new-run NAME`");
    }

    /// <summary>`ias init`: the runner folders and config.json; running it again only refreshes them.</summary>
    public void Init() => changes.MirrorAll(() =>
    {
        var current = changes.State;
        if (current.Initialized is null)
        {
            store.SaveQueueRun(current with { Initialized = changes.Now(), Updated = changes.Now() });
        }
    });

    /// <summary>Pending jobs, due now, numbered in the order given, in one transaction.</summary>
    public IReadOnlyList<Job> Enqueue(IReadOnlyList<JobRequest> requests)
    {
        if (requests.Count > 0 && store.BaseProblem is { } noBase)
        {
            throw new QueueException(noBase);
        }

        IReadOnlyList<Job> jobs = [];
        changes.Change(() =>
        {
            if (changes.Current.Initialized is null)
            {
                throw new QueueException($"run {run} has no runner yet: run `ias init --run {run}` first");
            }

            jobs = store.AddJobs(run, requests, changes.Now());
            changes.Wrote(jobs);
        });
        return jobs;
    }

    /// <summary>`ias retry-failed`: failed jobs back to pending, due now; with <paramref name="resetAttempts"/> their attempts start again from zero.</summary>
    public int RetryFailed(bool resetAttempts)
    {
        var count = 0;
        changes.Change(() =>
        {
            var now = changes.Now();
            foreach (var failed in store.JobsIn(run, JobState.Failed))
            {
                changes.Save(JobTransitions.Retried(failed, now, resetAttempts, config.MaxAttempts));
                count++;
            }
        });
        return count;
    }

    /// <summary>`ias stop`: the runners at work stop after their current job.</summary>
    public void RequestStop() => changes.Change(runners.RequestStop);

    /// <summary>This process's runner starts (see <see cref="RunnerRecord.Start"/>).</summary>
    public void StartRunner(string owner, long? stopsBefore = null) => changes.Change(() => runners.Start(owner, stopsBefore));

    /// <summary>This process's runner stops as it was asked (see <see cref="RunnerRecord.StoppedOnRequest"/>).</summary>
    public void StoppedOnRequest(string owner) => changes.Change(() => runners.StoppedOnRequest(owner));

    /// <summary>Records what the runner is doing now (see <see cref="RunnerRecord.Set"/>).</summary>
    public void SetRunner(RunnerStatus status, string? owner, string? reporter) =>
        changes.Change(() => runners.Set(status, owner, reporter));

    /// <summary>Writes the whole runner folder from the database again.</summary>
    public void Mirror() => changes.MirrorAll(() => { });

    private static string Names(IReadOnlyList<QueueRun> runs) => runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => r.Name));
}
