using System.CommandLine;
using System.Globalization;
using System.Text;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Queue;

/// <summary>`ias status` on a queue run: its runner and queue, as text, JSON (the same job objects as the queue files) or watched.</summary>
public static class QueueStatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable: state.json's fields and every job" };
        var watch = new Option<bool>("--watch") { Description = "Print again whenever the queue changes, until Ctrl-C" };
        var cmd = new Command("status", "Show a run's job queue and runner") { json, watch };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            using var host = OpenOrSayOutage(pr, run);
            using var reader = new SnapshotReader(new RunPaths(host.Root), TimeProvider.System) { QueueRun = host.Queue.Run };
            string? last = null;
            do
            {
                if (pr.GetValue(json) && !pr.GetValue(watch))
                {
                    // Written as it is read: 100,000 jobs are never one string, nor (on SQLite) 100,000 objects.
                    using var stdout = Console.OpenStandardOutput();
                    var queue = host.Queue;
                    var all = queue.Runners;
                    var (alive, _, lost) = queue.Shared ? (all.Any(r => r.Active), null, false) : Liveness(queue);
                    // A checkout's own queue lists its one runner too while it holds the run, for the agents it can start.
                    var runners = queue.Shared ? all : alive ? all : [];
                    queue.WriteStatus(stdout, alive, runners, [.. Unserved(queue, alive, runners).Keys],
                        w => QueueGate.WriteStatus(w, host.Local, host.Config, queue.Run, TimeProvider.System.GetUtcNow()), runnerLost: lost);
                    break;
                }

                // A shared queue is read from its database: the whole team's jobs and runners, not this checkout's files. One
                // look reads only the queue; a watch reads through the dashboard's reader, which reads nothing while nothing changed.
                var snap = host.Queue.Shared ? Shared(host.Queue) : pr.GetValue(watch) ? Queue(reader.Read()) : Own(host.Queue);

                var unserved = Unserved(host.Queue, snap.RunnerAlive, host.Queue.Shared ? snap.Runners : host.Queue.Runners);
                var text = Render(snap, TimeProvider.System.GetUtcNow(), pr.GetValue(json), host.Queue.Shared, unserved);
                if (text != last)
                {
                    // Job summaries and halt reasons quote agents; a shared queue's rows come from other machines.
                    Console.Write(InertText.Lines(text));
                    last = text;
                }

                if (!pr.GetValue(watch))
                {
                    break;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            while (true);

            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The queue's host; when its database cannot be reached, what the runners of this checkout know of the outage
    /// (`.run/queue/RUN.outage.json`) is said before the error, so `ias status` shows a runner riding it out.
    /// </summary>
    private static QueueHost OpenOrSayOutage(ParseResult pr, (Option<string?> Run, Option<bool> Latest) run)
    {
        try
        {
            return QueueHost.Open(pr, run);
        }
        catch (QueueException)
        {
            var dir = Path.GetDirectoryName(new QueuePaths(Cli.Paths(pr).RepoRoot, "any").Outage)!;
            IEnumerable<string> files = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.outage.json").Order(StringComparer.Ordinal) : [];
            foreach (var name in files.Select(f => Path.GetFileName(f)[..^".outage.json".Length]).Where(n => pr.GetValue(run.Run) is not { } asked || asked == n))
            {
                if (QueueOutageFile.Read(new QueuePaths(Cli.Paths(pr).RepoRoot, name)) is { } outage)
                {
                    Console.WriteLine(InertText.Line($"queue run {name}: {QueueOutageFile.Describe(outage)}"));
                }
            }

            throw;
        }
    }

    /// <summary>The queue part of the snapshot the dashboard and `ias status` read too.</summary>
    private static string Render(QueueSnapshot snap, DateTimeOffset now, bool json, bool shared, IReadOnlyDictionary<string, string> unserved)
    {
        var (run, jobs, alive, holder) = snap;
        if (json)
        {
            using var text = new MemoryStream();
            QueueJson.WriteStatus(text, run, CountsOf(jobs), jobs, alive, shared ? snap.Runners : null, [.. unserved.Keys]);
            return Encoding.UTF8.GetString(text.ToArray());
        }

        var sb = new StringBuilder();
        if (shared)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"run {run.Name} · shared queue · {snap.Runners.Count(r => r.Active)} runner(s) active");
            foreach (var r in snap.Runners)
            {
                var doing = r.CurrentJob is { } job && r.Status == RunnerStatus.Running ? $"job {job} (as of {r.Updated:u})"
                    : r.Status == RunnerStatus.Lost ? $"lost (no heartbeat since {r.Updated:u})"
                    : $"{r.Status.Wire()} (as of {r.Updated:u})";
                var stopping = r.Stopping(run) ? " · stops after its job" : "";
                sb.AppendLine(CultureInfo.InvariantCulture, $"  runner {r.Owner}: {doing}{Agents(r)}{stopping}");
            }
        }
        else
        {
            var runner = alive ? $"{run.RunnerStatus.Wire()} ({holder})"
                : run.RunnerStatus == RunnerStatus.Lost ? $"lost (no heartbeat since {run.Updated:u}; {holder} holds the run but is frozen or suspended: the next run-loop takes it over)"
                : "not running";
            sb.Append(CultureInfo.InvariantCulture, $"run {run.Name} · runner {runner}");
            if (run.CurrentJob is { } current && alive)
            {
                sb.Append(CultureInfo.InvariantCulture, $" · job {current}");
            }

            if (alive && snap.Runners.FirstOrDefault() is { } own)
            {
                sb.Append(Agents(own));
            }

            sb.AppendLine();
        }

        if (snap.Outage is { } outage)
        {
            sb.AppendLine(QueueOutageFile.Describe(outage));
        }

        if (run.ParkedUntil is { } parked)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"parked until {parked:u}: {run.ParkedReason}");
        }

        if (StopLine(snap, shared) is { } stop)
        {
            sb.AppendLine(stop);
        }

        var counts = CountsOf(jobs);
        sb.AppendLine(string.Join(" · ", Enum.GetValues<JobState>().Select(s => $"{s.Wire()} {counts[s]}")));
        // A team's queue gives each writing job its own branch: only a checkout's own writers wait for one another.
        var held = shared ? new Dictionary<string, Job>() : WriterOrder.HeldBack(jobs, now);
        foreach (var j in jobs)
        {
            var detail = j.State switch
            {
                JobState.Pending when held.TryGetValue(j.Id, out var behind) => WriterOrder.Why(behind),
                JobState.Done when j.Evidence is { } e => $"{e.Commits.Count} commit(s), {e.ChangedFiles.Count} file(s){(e.PrUrl is { } pr ? $", PR {pr}" : "")}",
                JobState.Failed or JobState.Blocked => j.Reason ?? "",
                JobState.Pending when j.Agent is { } agent && unserved.TryGetValue(agent, out var waits) => waits,
                JobState.Pending when j.NotBefore > now => $"next after {j.NotBefore:u}",
                JobState.Running when shared => $"on {j.LeaseOwner}",
                _ => "",
            };
            var line = $"  {j.Id,-24} {j.State.ToString().ToLowerInvariant(),-8} attempts {j.Attempts}{Spent(j.Usage)}  {detail}";
            sb.AppendLine(line.TrimEnd());
        }

        return sb.ToString();
    }

    /// <summary>The agents a runner can start, as its line in `ias status` ends: " · agents claude, sim".</summary>
    // On a team's queue a stop waits for the runners it was asked of, not for one started since.
    private static string? StopLine(QueueSnapshot snap, bool shared) =>
        !shared ? (snap.Run.StopRequested ? "stop requested: the runner stops after its current job" : null)
        : snap.Runners.Count(r => r.Stopping(snap.Run)) is > 0 and var stopping
            ? $"stop requested: {stopping} runner(s) stop after their current job; a runner started since goes on"
            : null;

    private static string Agents(RunnerRow runner) => runner.Agents is { } agents ? $" · agents {agents}" : "";

    /// <summary>The agents of the run's pending jobs that no live runner has, each with what its jobs' lines say.</summary>
    private static IReadOnlyDictionary<string, string> Unserved(JobQueue queue, bool alive, IReadOnlyList<RunnerRow> runners)
    {
        var live = queue.Shared ? runners.Where(r => r.Active) : alive ? runners : [];
        return RunnerAgents.Unserved(queue.PendingAgents, live.Select(r => r.Agents));
    }

    /// <summary>A job's tokens in/out and cost, once its agent has used any: " · 1,234/56 tokens · $0.0123".</summary>
    internal static string Spent(JobUsage usage) =>
        usage.TokensIn + usage.TokensOut == 0 && usage.CostUsd is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $" · {usage.TokensIn:N0}/{usage.TokensOut:N0} tokens{(usage.CostUsd is { } cost ? $" · ${cost:0.####}" : "")}");

    private static QueueSnapshot Shared(JobQueue queue)
    {
        var runners = queue.Runners;
        return new QueueSnapshot(queue.State, queue.Jobs, runners.Any(r => r.Active), null) { Runners = runners };
    }

    private static QueueSnapshot Own(JobQueue queue)
    {
        var (alive, runner, lost) = Liveness(queue);
        var run = queue.State;
        return new QueueSnapshot(lost ? run with { RunnerStatus = RunnerStatus.Lost } : run, queue.Jobs, alive, runner) { Runners = queue.Runners, Outage = QueueOutageFile.Read(queue.Paths) };
    }

    // A checkout's own runner is alive while it holds the run's lock and was heard from within a lease; a frozen one is lost.
    private static (bool Alive, string? Holder, bool Lost) Liveness(JobQueue queue) =>
        RunnerLiveness.Own(queue.Paths, queue.State, RunnerLiveness.LeaseOf(queue.Paths), TimeProvider.System.GetUtcNow());

    private static QueueSnapshot Queue(EngineSnapshot snap) =>
        snap.Queue ?? throw new QueueException("the run's queue is gone from .run/ias.db: create it again with `ias new-run`");

    private static Dictionary<JobState, int> CountsOf(IReadOnlyList<Job> jobs)
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0);
        foreach (var job in jobs)
        {
            counts[job.State]++;
        }

        return counts;
    }
}
