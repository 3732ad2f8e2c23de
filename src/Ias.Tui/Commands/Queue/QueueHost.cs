using System.CommandLine;
using System.Net;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Processes;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands.Queue;

/// <summary>
/// Opens one run's job queue for a queue command: config, the queue's store (`.run/ias.db`, or the team's PostgreSQL
/// database when ias.queue.backend is postgres), the run chosen by --run or --latest.
/// </summary>
public sealed class QueueHost : IDisposable
{
    private readonly QueueStores _stores;
    private RunStore? _opened;
    private JobQueue? _riding;

    private QueueHost(string root, LoaConfig config, QueueStores stores, JobQueue queue)
    {
        Root = root;
        Config = config;
        _stores = stores;
        Queue = queue;
    }

    public string Root { get; }

    /// <summary>The checkout's configuration, its data policy the shared queue's once the queue holds one.</summary>
    public LoaConfig Config { get; private set; }

    public JobQueue Queue { get; }

    /// <summary>The checkout's `.run/ias.db`, where a runner keeps its agents' questions and its notifications: the queue's own store, or opened beside a shared one.</summary>
    public RunStore Local => _stores.Local ?? (_opened ??= RunStore.Open(new RunPaths(Root).Database));

    /// <summary>
    /// Who a runner is, in the lock file, the leases and messages; on a shared queue also which checkout, so a runner that
    /// starts again where one died knows that runner's jobs for its own.
    /// </summary>
    public string Owner => Queue.Shared ? $"{Process} in {Root}" : Process;

    /// <summary>Whether a lease's owner was a runner of this checkout (on a shared queue; on a checkout's own queue, every one is).</summary>
    public bool OwnedHere(string? owner) =>
        !Queue.Shared || (owner is not null && owner.EndsWith($" on {Dns.GetHostName()} in {Root}", StringComparison.Ordinal));

    private static string Process { get; } = $"pid {Environment.ProcessId} on {Dns.GetHostName()}";

    /// <summary>--run NAME and --latest, added to a command that works on one run.</summary>
    public static (Option<string?> Run, Option<bool> Latest) AddRunOptions(Command cmd)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        var run = new Option<string?>("--run") { Description = "The run to work on (default: the newest)" };
        var latest = new Option<bool>("--latest") { Description = "The newest run (the default)" };
        cmd.Add(run);
        cmd.Add(latest);
        return (run, latest);
    }

    /// <summary>The run --run or --latest names; with <paramref name="adopt"/> (`ias init`, `ias run-loop`) a runner folder another tool made is adopted (<see cref="QueueAdoption"/>).</summary>
    public static QueueHost Open(ParseResult pr, (Option<string?> Run, Option<bool> Latest) options, bool adopt = false)
    {
        ArgumentNullException.ThrowIfNull(pr);
        return Open(pr.GetValue(Cli.Repo)!, pr.GetValue(options.Run), pr.GetValue(options.Latest), adopt: adopt);
    }

    /// <summary>
    /// The queue of run <paramref name="run"/> (the newest when null) of the repository at <paramref name="repo"/>;
    /// <paramref name="quiet"/> leaves the config's warnings unsaid, for a caller that owns the screen (the dashboard).
    /// </summary>
    public static QueueHost Open(string repo, string? run, bool latest = false, bool quiet = false, bool adopt = false)
    {
        var (root, config, stores) = OpenStore(repo, quiet);
        try
        {
            var adopted = adopt ? QueueAdoption.Adopt(stores.Queue, root, run, TimeProvider.System) : null;
            var name = JobQueue.Resolve(stores.Queue, run, latest, root);
            var queue = new JobQueue(stores.Queue, new QueuePaths(root, name), config.Queue, TimeProvider.System, new Random());
            if (adopted is not null)
            {
                Console.WriteLine(adopted);
                queue.Init();
                using var drops = new JobDrops(queue);
                foreach (var line in drops.Take())
                {
                    Console.WriteLine(line);
                }
            }

            return new QueueHost(root, config, stores, queue);
        }
        catch
        {
            stores.Dispose();
            throw;
        }
    }

    /// <summary>The repository's config and the queue's store, without choosing a run (`ias new-run`).</summary>
    public static (string Root, LoaConfig Config, QueueStores Stores) OpenStore(string repo, bool quiet = false)
    {
        var root = Path.GetFullPath(repo);
        if (!Directory.Exists(root))
        {
            throw new QueueException($"repository {root} does not exist: pass --repo with a git repository");
        }

        var config = ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds);
        foreach (var warning in quiet ? [] : config.Warnings)
        {
            Console.Error.WriteLine($"ias: warning: {warning}");
        }

        var paths = new RunPaths(root);
        paths.EnsureCreated();
        CheckoutRegistry.ForUser().Remember(root);
        var stores = QueueBackends.Open(root, config.Config);
        return (root, Follow(config.Config, stores.Queue), stores);
    }

    /// <summary>
    /// <paramref name="config"/> under the data policy the shared queue holds, if it holds one, so all this checkout writes for
    /// the team (rows, PR text, notifications) follows it; a checkout whose own policy disagrees is told so in one line.
    /// </summary>
    private static LoaConfig Follow(LoaConfig config, IQueueStore store)
    {
        if (store.Policy is not { } queue)
        {
            return config;
        }

        if (queue.Disagreement(config.DataPolicy) is { } line)
        {
            Console.Error.WriteLine($"ias: warning: {line}");
        }

        return config with { DataPolicy = queue.Policy };
    }

    /// <summary>
    /// The team's queue for the dashboard when ias.queue.backend is postgres, opened on its first look (and again after a
    /// failure) without a word on the terminal; null for a checkout's own queue.
    /// </summary>
    public static SharedQueue? Watch(string root) =>
        TeamConfig(root) is { } config ? new SharedQueue(() => QueueBackends.Open(root, config).Queue, TimeProvider.System, config.Queue.Lease) : null;

    /// <summary>The team's shared queue when ias.queue.backend is postgres, for its questions (`ias decisions`, `ias answer`); null for a checkout's own queue.</summary>
    public static QueueStores? OpenTeam(string root) => TeamConfig(root) is { } config ? OpenTeam(root, config) : null;

    /// <summary>The same, from the checkout's <paramref name="config"/> already read; null unless it names a backend runners share.</summary>
    public static QueueStores? OpenTeam(string root, LoaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!QueueBackends.Of(config.Queue.Backend).Shared)
        {
            return null;
        }

        var stores = QueueBackends.Open(root, config);
        _ = Follow(config, stores.Queue);
        return stores;
    }

    /// <summary>The checkout's configuration when it names a backend runners share; null without a config file or with the local queue.</summary>
    private static LoaConfig? TeamConfig(string root) =>
        File.Exists(Path.Combine(root, ConfigLoader.FileName)) && ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds).Config is var config
            && QueueBackends.Of(config.Queue.Backend).Shared
            ? config
            : null;

    /// <summary>
    /// The run's one-runner lock: a live holder is refused with its PID; a dead one's lock is taken over with a
    /// message, after its orphaned agent is stopped and its running jobs are returned to pending; then the runner
    /// folder is written whole from the database.
    /// </summary>
    public async Task<EngineLock> TakeRunnerAsync(string purpose, CancellationToken ct)
    {
        var paths = Queue.Paths;
        var (held, frozen) = (EngineLock.TryAcquire(paths.Lock, Owner, out var holder), (string?)null);
        if (held is null && !Queue.Shared)
        {
            (held, frozen) = (RunnerTakeover.FromLost(Queue, Owner, Config.Queue.Lease, TimeProvider.System), holder);
        }

        if (held is null)
        {
            throw new QueueException($"run {Queue.Run} already has a runner ({holder}); {purpose} waits: stop it with `ias stop --run {Queue.Run}` first");
        }

        try
        {
            if (frozen is not null)
            {
                Console.WriteLine($"runner lock of {Queue.Run} taken over from {frozen}, which has not been heard from for longer than a lease ({Config.Queue.Lease.TotalMinutes:0.##} min): its job goes back to the queue at the next claim");
            }
            else if (held.PreviousHolder is { } previous)
            {
                Console.WriteLine($"runner lock of {Queue.Run} taken over from {previous}, which is no longer running");
            }

            if (await new AgentRecord(paths.AgentPid).KillOrphanAsync(TimeSpan.FromSeconds(5), ct) is { } group)
            {
                Console.WriteLine($"stopped agent process group {group} left by the dead runner");
            }

            // A frozen runner's job is given back by its lease, as on a shared queue: the claim releases what ran out.
            foreach (var job in frozen is null ? Queue.Recover("its runner stopped without finishing it (killed, crashed or rebooted)", OwnedHere) : [])
            {
                Console.WriteLine($"job {job.Id} back to {job.State.ToString().ToLowerInvariant()} (attempt {job.Attempts} recorded)");
            }

            // Each change mirrors only what it wrote; a process killed between its mirror and its commit left files of a
            // change the database rolled back, which the whole mirror puts right.
            Queue.Mirror();
            AdoptPolicy();
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>The first runner of a shared queue that holds no data policy yet makes its own configuration's the queue's.</summary>
    private void AdoptPolicy()
    {
        if (_stores.Queue.Policy is not null || _stores.Queue.Adopt(Config.DataPolicy, Owner, TimeProvider.System.GetUtcNow()) is not { } queue)
        {
            return;
        }

        Console.WriteLine($"the shared queue's data policy is {QueuePolicy.Describe(queue.Policy)} (set by {queue.SetBy})");
        Config = Follow(Config, _stores.Queue);
    }

    /// <summary>
    /// The run's queue as a runner uses it: a request that finds the database out of reach is asked again as
    /// <paramref name="outage"/> says. The host disposes it, so its runner folder catches up at the end.
    /// </summary>
    public JobQueue Riding(QueueOutage outage, CancellationToken ct) =>
        _riding = new(new OutageRidingStore(_stores.Queue, outage, ct), Queue.Paths, Config.Queue, TimeProvider.System, new Random())
        {
            LastOutage = () => outage.Last,
        };

    /// <summary>An agent invoker whose orphan record is this run's, so `recover` finds the agent a killed runner left.</summary>
    public IAgentInvoker Invoker(bool noSandbox)
    {
        var invoker = new CliAgentInvoker(new ProcessRunner(TimeProvider.System), EngineHost.SelfLaunch(), Root, new AgentRecord(Queue.Paths.AgentPid))
        {
            BoxAllowed = !noSandbox,
        };
        invoker.UseSandbox(Config.Sandbox);
        return invoker;
    }

    /// <summary>
    /// The runner folder's last catch-up, then the store. A folder that cannot catch up (its server gone) is one warning: the
    /// jobs stay listed in the store for the next process on the checkout to write.
    /// </summary>
    public void Dispose()
    {
        try
        {
            // The runner's queue rides outages under the runner's token, which a SIGTERM has cancelled by now: what it left
            // listed is then written by the host's own queue, which asks the store without the token.
            if (!CatchUp(() => _riding?.Dispose()))
            {
                CatchUp(Queue.CatchUp);
            }

            CatchUp(Queue.Dispose);
        }
        finally
        {
            _opened?.Dispose();
            _stores.Dispose();
        }
    }

    // False when the catch-up was cancelled; a queue out of reach is one warning, its jobs left listed for the next process.
    private static bool CatchUp(Action catchUp)
    {
        try
        {
            catchUp();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (QueueException e)
        {
            Console.Error.WriteLine($"ias: warning: the runner folder did not catch up with the queue: {e.Message}; the next runner here writes it");
        }

        return true;
    }
}
