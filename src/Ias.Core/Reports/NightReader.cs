using Ias.Core.Bugs;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Plans;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Core.Reports;

/// <summary>
/// Reads a checkout's <see cref="MorningReport"/> from what is stored: its ias.db (Run Mode runs, agent calls, questions, its
/// own queue and the breakers), its bug runs' state files, and a team's shared queue when it has one. It writes nothing;
/// everything is read through indexes or from the window's rows, so a checkout of a thousand runs and a hundred thousand
/// jobs answers at once.
/// </summary>
public static class NightReader
{
    private const string QueueKeyPrefix = "queue:";

    /// <summary>The report of <paramref name="paths"/>' checkout from <paramref name="since"/> to <paramref name="now"/>.</summary>
    public static MorningReport Read(RunPaths paths, LoaConfig config, IQueueStore? shared, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(config);
        var night = new Night(config, since, now);
        var bugs = Bugs(paths, night);
        using var store = File.Exists(paths.Database) ? RunStore.Open(paths.Database) : null;
        if (store is not null)
        {
            ReadLocal(store, paths, bugs, shared, night);
        }

        foreach (var bug in bugs.Values.Where(b => b.State == BugState.Halted && b.RunId is null))
        {
            // Halted at triage, before its run began: only its state file knows it.
            night.Needs.Add(new Need(NeedKind.Halted, bug.UpdatedAt, bug.BugId, bug.HaltReason ?? "halted at triage", BugCommand(bug)));
        }

        if (shared is not null)
        {
            // A shared queue run's breaker is each checkout's own, in its ias.db beside Run Mode's.
            ReadShared(shared, store is null ? null : new SafetyStore(store), night);
        }

        return night.Report(paths.RepoRoot);
    }

    /// <summary>The machine in a runner's name ("pid 4242 on HOST in /checkout"); null when the name says none.</summary>
    public static string? HostOf(string? owner)
    {
        const string on = " on ";
        if (owner?.IndexOf(on, StringComparison.Ordinal) is not (>= 0 and var at))
        {
            return null;
        }

        var rest = owner[(at + on.Length)..];
        var end = rest.IndexOf(" in ", StringComparison.Ordinal);
        return end >= 0 ? rest[..end] : rest;
    }

    private static void ReadLocal(RunStore store, RunPaths paths, Dictionary<string, BugRecord> bugs, IQueueStore? shared, Night night)
    {
        var safety = new SafetyStore(store);
        var queue = QueueBackends.Local(store);
        var records = new RunRecords(store);
        var current = records.CurrentRunId();
        var plan = RunsList.PlanOf(paths);
        // Only the runs of the window and the current one are read: a checkout's thousand earlier runs cost nothing.
        foreach (var run in records.RunsSince(night.Since))
        {
            var breaker = run.State == RunState.Halted ? safety.LoadBreaker(run.RunId) : null;
            RunNeedsAndEnd(run, run.RunId == current, breaker, bugs.Values.FirstOrDefault(b => b.RunId == run.RunId), plan, night);
        }

        foreach (var q in queue.QueueRuns())
        {
            // Jobs waiting with no runner at work: a runner killed mid-job left its jobs running, or `run-once` left some due.
            var counts = queue.Counts(q.Name);
            var waiting = counts.GetValueOrDefault(JobState.Pending) + counts.GetValueOrDefault(JobState.Running);
            var idle = waiting == 0 || RunsList.RunnerAlive(paths, q) ? ((int, int)?)null : (waiting, counts.GetValueOrDefault(JobState.Running));
            QueueRunNeeds(q, safety, night, idle, host: null, idle is null ? null : SpendOf(queue, records, q.Name, night));
            night.Tally(q.Name, queue.WorkedSince(q.Name, night.Since), shared: false);
            if (counts.GetValueOrDefault(JobState.Blocked) > 0)
            {
                // The writing jobs a blocked writer holds back wait on the same answer: its question says so.
                foreach (var (held, first) in WriterOrder.HeldBack([.. queue.JobsIn(q.Name, JobState.Blocked), .. queue.JobsIn(q.Name, JobState.Pending)], night.Now))
                {
                    night.HeldBack.TryAdd((q.Name, first.Id), []);
                    night.HeldBack[(q.Name, first.Id)].Add(held);
                }
            }
        }

        foreach (var d in new DecisionStore(store).Open())
        {
            night.Question(d);
        }

        var sharedRuns = shared?.QueueRuns().Select(r => QueueKeyPrefix + r.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        // A shared queue's jobs are counted from its rows, every machine's alike; this checkout's calls for them are among those.
        var calls = records.AgentCallsSince(night.Since).Where(c => !sharedRuns.Contains(c.RunId)).ToList();
        foreach (var agent in calls.GroupBy(c => c.Agent))
        {
            night.Agents.Add(new AgentUse(agent.Key, null, agent.Count(), agent.Sum(c => c.TokensIn), agent.Sum(c => c.TokensOut), agent.Sum(c => c.CostUsd), Time(agent.Select(c => (c.Started, c.Ended)))));
        }

        foreach (var run in calls.Select(c => c.RunId).Distinct(StringComparer.Ordinal))
        {
            var queued = run.StartsWith(QueueKeyPrefix, StringComparison.Ordinal);
            var usd = queued ? queue.Spent(run[QueueKeyPrefix.Length..]) : records.AgentCalls(run).Sum(c => c.CostUsd);
            night.Runs.Add(new RunCost(queued ? run[QueueKeyPrefix.Length..] : run, usd, night.Caps.Run?.Usd));
        }

        night.Today = Spend.Read(records, null, night.Caps, night.Now).Today;
    }

    private static void RunNeedsAndEnd(RunSnapshot run, bool current, BreakerSnapshot? breaker, BugRecord? bug, SprintPlanState? plan, Night night)
    {
        var word = RunWord.Of(run, breaker, plan?.LeftUnpublished(run) == true);
        var kind = RunsList.KindOf(run).ToString().ToLowerInvariant();
        if (bug is { State: BugState.Halted } && run.LastActivity >= night.Since)
        {
            // A bug's halt jacks its run out at once (a bug is not resumed), yet the bug waits for a person.
            night.Needs.Add(new Need(NeedKind.Halted, run.LastActivity, run.RunId, $"{kind}: {RunWord.Halted} — {bug.HaltReason ?? run.HaltReason ?? "halted"}", BugCommand(bug)));
        }
        else if (run.State == RunState.Halted && (current || run.LastActivity >= night.Since))
        {
            var tripped = word.Word == RunWord.Tripped;
            var command = bug is not null ? BugCommand(bug)
                : !current ? null
                : tripped ? "ias run-resume --reset-ice" : "ias run-resume";
            night.Needs.Add(new Need(tripped ? NeedKind.Tripped : NeedKind.Halted, run.LastActivity, run.RunId, $"{kind}: {word}", command));
        }
        else if (run is { State: RunState.Complete, NotPublished: { } refused } && (current || run.LastActivity >= night.Since))
        {
            // Passed, but the push or the draft PR failed: a resume publishes again, in the remote's words until it can.
            night.Needs.Add(new Need(NeedKind.Unpublished, run.LastActivity, run.RunId, $"{kind}: {word.Word}, passed but not published: {refused}", current ? "ias run-resume" : null));
        }
        else if (word.Finished && run.LastActivity >= night.Since)
        {
            night.Finished.Add(new FinishedRun(kind, run.RunId, word.ToString(), run.LastActivity, run.PrUrl));
            if (run is { State: RunState.JackedOut, HaltReason: null, NotPublished: { } noPr })
            {
                // Done and pushed, yet no draft PR: the PR's text waits in .run/pr.md for a person to open it.
                night.Needs.Add(new Need(NeedKind.Unpublished, run.LastActivity, run.RunId, $"{kind}: {word.Word}, but {noPr}; the PR's text is in .run/pr.md", null));
            }
        }
    }

    /// <summary>
    /// What waits on a queue run, one line for each stop: a tripped breaker (its jobs wait on it), a park no runner waits out,
    /// jobs waiting with no runner at work (<paramref name="idle"/>) because a spend cap stopped it (<paramref name="spend"/>)
    /// or because it is gone.
    /// </summary>
    private static void QueueRunNeeds(QueueRun q, SafetyStore? safety, Night night, (int Waiting, int Running)? idle, string? host, Spend? spend = null)
    {
        if (safety?.LoadBreaker(QueueGate.BreakerKey(q.Name)) is { State: BreakerState.Open } breaker)
        {
            var trigger = breaker.History.LastOrDefault()?.Trigger.Words ?? "breaker open";
            night.Needs.Add(new Need(NeedKind.Tripped, breaker.History.LastOrDefault()?.Timestamp ?? q.Updated, q.Name, $"queue: breaker open ({trigger})", $"ias run-loop --run {q.Name} --reset-breaker"));
            return;
        }

        // A park ends by itself only where a runner waits it out; with none at work, the jobs waiting say so below.
        if (q.ParkedUntil is { } until && until > night.Now && idle is null)
        {
            night.Needs.Add(new Need(NeedKind.Parked, q.Updated, q.Name, $"queue: parked, it goes on by itself: {q.ParkedReason ?? "a usage limit"}", null) { Host = host, Until = until });
        }

        if (idle is var (held, _) && spend?.Reached is { } cap)
        {
            var (which, spent) = cap == spend.Caps.Run ? ("its cap per run", spend.Run) : ("the cap per UTC day", spend.Today);
            var wait = cap == spend.Caps.Run ? "" : " or wait for 00:00 UTC";
            night.Needs.Add(new Need(NeedKind.OverBudget, q.Updated, q.Name,
                $"queue: stopped at {which}, {SpendCaps.Money(spent)} of {SpendCaps.Money(cap.Usd)} ({cap.Key}), and {held} job(s) wait; raise {cap.Key} in .loa.config.yaml{wait} first",
                $"ias run-loop --run {q.Name}"));
        }
        else if (idle is var (waiting, running))
        {
            var left = running > 0 ? $", {running} of them left running by a runner that is gone" : "";
            night.Needs.Add(new Need(NeedKind.RunnerLost, q.Updated, q.Name, $"queue: no runner is at work and {waiting} job(s) wait{left}", $"ias run-loop --run {q.Name}"));
        }
    }

    private static void ReadShared(IQueueStore shared, SafetyStore? breakers, Night night)
    {
        foreach (var q in shared.QueueRuns())
        {
            QueueRunNeeds(q, breakers, night, idle: null, host: null);
            foreach (var runner in shared.Runners(q.Name).Select(r => r.AsOf(night.Now, night.Config.Queue.Lease)))
            {
                if (runner.Status == RunnerStatus.Lost && runner.Updated >= night.Since)
                {
                    night.Needs.Add(new Need(NeedKind.RunnerLost, runner.Updated, q.Name, $"queue: runner {runner.Owner} lost (no heartbeat)", $"ias run-loop --run {q.Name}") { Host = HostOf(runner.Owner) });
                }
            }

            // Every job that worked in the window counts its calls, a blocked or retried one too; the tally counts those that ended.
            var worked = shared.WorkedSince(q.Name, night.Since);
            night.Tally(q.Name, worked, shared: true);
            foreach (var agent in worked.GroupBy(j => (Agent: j.Agent ?? night.Config.Agents.For(j.Role).Agent.ToString().ToLowerInvariant(), Host: HostOf(LastBy(j) ?? j.LeaseOwner))))
            {
                // The attempts that ended in the window, and those under way now (not in the history until they end).
                var attempts = agent.SelectMany(j => j.History).Where(h => h.Ended >= night.Since).Select(h => (h.Started, h.Ended))
                    .Concat(agent.Where(j => j.State == JobState.Running && j.Started is not null).Select(j => (Started: j.Started!.Value, Ended: night.Now)))
                    .ToList();
                night.Agents.Add(new AgentUse(agent.Key.Agent, agent.Key.Host ?? "?", attempts.Count, agent.Sum(j => j.Usage.TokensIn), agent.Sum(j => j.Usage.TokensOut), agent.Sum(j => j.Usage.CostUsd ?? 0m), Time(attempts)));
            }

            if (worked.Count > 0)
            {
                night.Runs.Add(new RunCost(q.Name, shared.Spent(q.Name), night.Caps.Run?.Usd));
            }
        }

        foreach (var d in shared.Questions.Open())
        {
            night.Question(d);
        }
    }

    /// <summary>What queue run <paramref name="run"/> spent against the caps, as its runner's gate counts it.</summary>
    private static Spend SpendOf(IQueueStore queue, RunRecords records, string run, Night night) =>
        Spend.OfQueue(queue.Spent(run), records.AgentCalls(QueueGate.BreakerKey(run)), records, night.Caps, night.Now, QueueGate.GoOn(run));

    // A bug run is never resumed: it starts again, allowed into the high-risk area that halted it once that is the person's call.
    private static string BugCommand(BugRecord bug) =>
        $"ias run --bug {ShellWords.Quote(bug.BugTitle)}" + (bug.HighRiskFiles.Count > 0 && !bug.AllowHigh ? " --allow-high" : "");

    private static string? LastBy(Job job) => job.History.Count == 0 ? null : job.History[^1].By;

    private static TimeSpan Time(IEnumerable<(DateTimeOffset Started, DateTimeOffset Ended)> spans) =>
        spans.Aggregate(TimeSpan.Zero, (sum, s) => s.Ended > s.Started ? sum + (s.Ended - s.Started) : sum);

    // Every bug run's state file; one that cannot be read is said so, and the rest of the report stands.
    private static Dictionary<string, BugRecord> Bugs(RunPaths paths, Night night)
    {
        var bugs = new Dictionary<string, BugRecord>(StringComparer.Ordinal);
        if (!Directory.Exists(paths.BugsDir))
        {
            return bugs;
        }

        foreach (var dir in Directory.EnumerateDirectories(paths.BugsDir).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(dir);
            try
            {
                if (BugStateFile.Read(paths, id) is { } bug)
                {
                    bugs[id] = bug;
                }
            }
            catch (StateFileException e)
            {
                night.Unread.Add($"bug run {id}: {e.Message}");
            }
        }

        return bugs;
    }

    /// <summary>What is gathered while reading; <see cref="Report"/> puts it in the report's order.</summary>
    private sealed class Night(LoaConfig config, DateTimeOffset since, DateTimeOffset now)
    {
        public LoaConfig Config => config;

        public DateTimeOffset Since => since;

        public DateTimeOffset Now => now;

        public SpendCaps Caps { get; } = SpendCaps.From(config.Budget);

        public decimal Today { get; set; }

        public List<Need> Needs { get; } = [];

        public List<FinishedRun> Finished { get; } = [];

        public List<JobTally> Jobs { get; } = [];

        public List<AgentUse> Agents { get; } = [];

        public List<RunCost> Runs { get; } = [];

        public List<string> Unread { get; } = [];

        /// <summary>The writing jobs held back behind a blocked one of this checkout's queue, by its run and id.</summary>
        public Dictionary<(string Run, string Job), List<string>> HeldBack { get; } = [];

        public void Question(Decision d)
        {
            // A question is an agent's text: under metadata_only only its marker is shown, wherever it was stored.
            var text = DataPolicy.Withheld(d.Question) ? d.Question : config.DataPolicy.Text("decision.question", d.Question)!;
            if (d.Host is null && HeldBack.TryGetValue((d.Run, d.Job), out var held))
            {
                text += $" (it holds back {held.Count} writing job(s): {string.Join(", ", held.Order(StringComparer.Ordinal))})";
            }

            Needs.Add(new Need(NeedKind.Question, d.Asked, d.Run, text, $"ias answer {d.Id} \"…\"") { Host = d.Host, Id = d.Id });
        }

        public void Tally(string run, IReadOnlyList<Job> worked, bool shared)
        {
            var ended = worked.Where(j => (j.State is JobState.Done or JobState.Failed) && j.Ended >= since).OrderBy(j => j.Ended).ToList();
            foreach (var byHost in ended.GroupBy(j => shared ? HostOf(LastBy(j)) ?? "?" : null))
            {
                var failed = byHost.Where(j => j.State == JobState.Failed)
                    .GroupBy(j => j.Failure ?? "failed")
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new FailureGroup(g.Key, Reason(g.Last().Reason), [.. g.Select(j => j.Id)]))
                    .ToList();
                var done = byHost.Where(j => j.State == JobState.Done).ToList();
                Jobs.Add(new JobTally(run, byHost.Key, done.Count, failed, [.. done.Select(j => j.Evidence?.PrUrl).OfType<string>()]));
            }
        }

        public MorningReport Report(string root) => new(root, since, now)
        {
            Needs = [.. Needs.OrderBy(n => n.Kind).ThenBy(n => n.Since)],
            Finished = [.. Finished.OrderBy(f => f.At)],
            Jobs = Jobs,
            Agents = [.. Agents.OrderByDescending(a => a.Usd).ThenBy(a => a.Agent, StringComparer.Ordinal)],
            Runs = [.. Runs.OrderByDescending(r => r.Usd)],
            Today = (Today, Caps.Daily?.Usd),
            Unread = Unread,
        };

        private string Reason(string? reason) =>
            reason is null ? "no reason recorded" : DataPolicy.Withheld(reason) ? reason : config.DataPolicy.Text("job.reason", reason)!;
    }
}
