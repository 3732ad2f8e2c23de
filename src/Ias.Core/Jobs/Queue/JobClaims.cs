using Ias.Core.Config;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// The queue's claims and leases: a runner takes a due job (or resumes its blocked one) with a fresh lease and the next
/// generation, keeps it with heartbeats, and a job whose lease ran out, or whose runner died, is given back. Every step
/// joins the open change of <see cref="QueueChanges"/>.
/// </summary>
internal sealed class JobClaims(IQueueStore store, QueueChanges changes, RunnerRecord runners, QueueConfig config, string run)
{
    /// <summary>
    /// The spend cap's say in each claim (see <see cref="JobQueue.Admission"/>): given what the run's jobs cost so far and how
    /// many run now, why no job may start, or null. Null: claims ask nothing.
    /// </summary>
    public Func<decimal, int, string?>? Admission { get; set; }

    /// <summary>When the last outage of the database this runner rode out began and ended (see <see cref="JobQueue.LastOutage"/>).</summary>
    public Func<(DateTimeOffset From, DateTimeOffset To)?>? LastOutage { get; set; }

    /// <summary>Why <see cref="Admission"/> refused the last claim or resume; null when it did not.</summary>
    public string? Refused { get; private set; }

    /// <summary>Gives back the jobs whose lease ran out, then claims the first due job for <paramref name="owner"/>; null when nothing is due.</summary>
    public Job? Claim(string owner) =>
        ClaimOne(JobTrigger.Claim, owner, GiveBackExpired, now => store.NextDue(run, now, runners.Agents));

    /// <summary>Claims the first due job for <paramref name="owner"/> if it is read-only; null when nothing is due or the first due job writes.</summary>
    public Job? ClaimReadOnly(string owner) =>
        ClaimOne(JobTrigger.Claim, owner, GiveBackExpired, now => store.NextDue(run, now, runners.Agents) is { Writes: false } job ? job : null);

    /// <summary>Claims the blocked job <paramref name="id"/> for <paramref name="owner"/>; null when it is not blocked, or the queue holds its jobs.</summary>
    public Job? Resume(string owner, string id) =>
        ClaimOne(JobTrigger.Resume, owner, _ => { }, _ => store.FindJob(run, id) is { State: JobState.Blocked } job ? job : null);

    /// <summary>
    /// One claim in one transaction: take turns under a cap, do <paramref name="first"/>, then take the job
    /// <paramref name="find"/> gives, unless the queue holds its jobs or <see cref="Admission"/> refuses it.
    /// </summary>
    private Job? ClaimOne(JobTrigger trigger, string owner, Action<DateTimeOffset> first, Func<DateTimeOffset, Job?> find)
    {
        Job? taken = null;
        string? refused = null;
        changes.Change(() =>
        {
            refused = null;
            var now = changes.Now();
            Hold();
            first(now);

            // A writing job waiting out a backoff, put back by `ias recover` or blocked on a person's answer may have left
            // half-done work in the tree, and only its own commit may take it: the writing jobs behind it wait, read-only ones
            // go ahead (SqliteQueueStore.NextDue). Kill -9 chaos tests caught a later job's commit carrying an earlier job's
            // edits without this.
            var current = changes.Current;
            if (!runners.Holds(current, now) && find(now) is { } job && (refused = Admits()) is null)
            {
                taken = Take(job, trigger, owner, current, now);
            }
        });
        Refused = refused;
        return taken;
    }

    private void GiveBackExpired(DateTimeOffset now)
    {
        var outage = LastOutage?.Invoke();
        foreach (var expired in store.ExpiredLeases(run, now))
        {
            // A lease that ran out while this runner could not reach the database either ran out for the same reason:
            // its holder could not renew it. That is no crash of the job, and its attempt is not counted.
            if (outage is { } cut && expired.LeaseExpires >= cut.From && expired.LeaseExpires <= cut.To + QueueOutage.LongestWait)
            {
                changes.Save(JobTransitions.HandedBack(expired, now,
                    $"lease of {expired.LeaseOwner} ran out at {expired.LeaseExpires:u} while the database could not be reached ({cut.From:u} to {cut.To:u}); the attempt is not counted",
                    JobAttempt.LostInOutage));
            }
            else
            {
                Release(expired, JobTrigger.LeaseExpired, now, $"lease of {expired.LeaseOwner} expired at {expired.LeaseExpires:u} without a heartbeat");
            }
        }
    }

    // Under a cap, claims take turns on the run's row: each reads the spend and the jobs running after the last one committed,
    // so two runners that both passed the gate cannot both start the call that passes the cap.
    private void Hold()
    {
        if (Admission is not null)
        {
            store.HoldRun(run);
        }
    }

    // Read in the claim's transaction, after the leases that ran out were given back: their jobs' calls are over.
    private string? Admits() => Admission?.Invoke(store.Spent(run), store.Counts(run)[JobState.Running]);

    /// <summary>The job <see cref="Claim"/> would take now, taking nothing.</summary>
    public Job? Peek()
    {
        var now = changes.Now();
        return runners.Holds(changes.State, now) ? null : store.NextDue(run, now, runners.Agents);
    }

    /// <summary>Renews the lease of a job still held under its generation, and its runner's row with it; null when another claim took it.</summary>
    public Job? Heartbeat(Job job, JobUsage? usage)
    {
        var now = changes.Now();
        var renewed = JobTransitions.Renewed(job, now, config.Lease, usage);
        var held = false;
        changes.Change(() =>
        {
            held = changes.SaveIf(renewed, job.Generation);
            if (held && job.LeaseOwner is { } owner)
            {
                runners.Beat(owner, job.Id, now);
            }
        });
        return held ? renewed : null;
    }

    /// <summary>
    /// Gives back every running job whose owner <paramref name="ownedHere"/> names (every one without it), and records that
    /// no runner runs; unless <paramref name="counted"/>, each one's attempt is handed back uncounted.
    /// </summary>
    public IReadOnlyList<Job> Recover(string why, Func<string?, bool>? ownedHere, bool counted = true)
    {
        var returned = new List<Job>();
        changes.Change(() =>
        {
            var now = changes.Now();
            foreach (var stuck in store.JobsIn(run, JobState.Running).Where(j => ownedHere is null || ownedHere(j.LeaseOwner)))
            {
                returned.Add(counted ? Release(stuck, JobTrigger.Recover, now, why) : HandBack(stuck, now, why));
            }

            runners.Stopped(now);
        });
        return returned;
    }

    private Job Release(Job job, JobTrigger trigger, DateTimeOffset now, string why)
    {
        var released = JobTransitions.Released(job, trigger, now, why, config.MaxAttempts);
        changes.Save(released);
        return released;
    }

    private Job HandBack(Job job, DateTimeOffset now, string why)
    {
        var handed = JobTransitions.HandedBack(job, now, why);
        changes.Save(handed);
        return handed;
    }

    private Job Take(Job next, JobTrigger trigger, string owner, QueueRun current, DateTimeOffset now)
    {
        var claimed = JobTransitions.Claimed(next, trigger, owner, now, config.Lease);
        changes.Save(claimed);
        runners.Running(current, owner, claimed.Id, now);
        return claimed;
    }
}
