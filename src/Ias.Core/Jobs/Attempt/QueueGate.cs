using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// Run Mode's safety controls over a queue run's jobs: <see cref="CallGate"/>'s rules (the spend caps, then the hourly rate
/// limit, the repository's one budget) before each claim, and a circuit breaker of the run's own, kept in the checkout's
/// ias.db beside Run Mode's under <see cref="BreakerKey"/> and judged against run_mode's thresholds. Each call a job's agent
/// makes is recorded in ias.db's calls table under the same key, so the daily cap counts it as it counts Run Mode's calls.
/// </summary>
/// <remarks>Not thread-safe: the runner that owns it asks it between jobs, never while one runs.</remarks>
public sealed class QueueGate
{
    private readonly JobQueue _queue;
    private readonly LoaConfig _config;
    private readonly TimeProvider _clock;
    private readonly SafetyStore _safety;
    private readonly RunRecords _records;
    private readonly string _key;
    private readonly RunStore _local;

    // A call Check counted for the claim that follows it, not yet started.
    private bool _reserved;

    public QueueGate(JobQueue queue, LoaConfig config, RunStore local, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(local);
        _queue = queue;
        _config = config;
        _clock = clock;
        _local = local;
        _safety = new SafetyStore(local);
        _records = new RunRecords(local);
        _key = BreakerKey(queue.Run);
        Breaker = new CircuitBreaker(Load(_safety, config, queue.Run, clock.GetUtcNow()), clock);
    }

    /// <summary>The run's breaker, as ias.db holds it after every change.</summary>
    public CircuitBreaker Breaker { get; }

    /// <summary>The trip that opened the breaker while it is OPEN: the runner claims nothing until `ias run-loop --reset-breaker`.</summary>
    public BreakerTrip? Tripped => Breaker.State == BreakerState.Open
        ? Breaker.Snapshot.History.LastOrDefault() ?? new BreakerTrip(null, TripCause.Parse("open"), null, "the breaker is OPEN")
        : null;

    /// <summary>Where a queue run's breaker and calls are kept in ias.db: apart from every Run Mode run, whose ids have no colon.</summary>
    public static string BreakerKey(string run) => $"queue:{run}";

    /// <summary>The command that lets a stopped runner of <paramref name="run"/> carry on.</summary>
    public static string GoOn(string run) => $"`ias run-loop --run {run}`";

    /// <summary>The run's breaker as ias.db holds it, with the thresholds the configuration sets now; a CLOSED one when none is kept.</summary>
    public static BreakerSnapshot Load(SafetyStore safety, LoaConfig config, string run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(safety);
        ArgumentNullException.ThrowIfNull(config);
        var rm = config.RunMode;
        return safety.LoadBreaker(BreakerKey(run)) is { } saved
            ? saved with { SameIssueThreshold = rm.SameIssueThreshold, NoProgressThreshold = rm.NoProgressThreshold }
            : CircuitBreaker.Fresh(now, rm.MaxCycles, rm.TimeoutHours, rm.SameIssueThreshold, rm.NoProgressThreshold);
    }

    /// <summary>`ias status --json`'s "breaker" and "rate_limit" of a queue run: as Run Mode's files spell them; rate_limit null before the first call.</summary>
    public static void WriteStatus(Utf8JsonWriter w, RunStore local, LoaConfig config, string run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(w);
        var safety = new SafetyStore(local);
        w.WritePropertyName("breaker"u8);
        BreakerJson.Write(w, Load(safety, config, run, now));
        w.WritePropertyName("rate_limit"u8);
        if (safety.LoadRateLimit() is { } rate)
        {
            RateLimitJson.Write(w, rate with { Limit = config.RunMode.CallsPerHour });
        }
        else
        {
            w.WriteNullValue();
        }
    }

    /// <summary>`ias run-loop --reset-breaker`: an OPEN breaker half-opens (one job done closes it); false when it was not OPEN.</summary>
    public bool Reset()
    {
        if (Breaker.State != BreakerState.Open)
        {
            return false;
        }

        Breaker.Reset();
        Save();
        return true;
    }

    /// <summary>Null when the next job's agent may start; otherwise why not: over a spend cap, the hour used up (a wait), or too many waits.</summary>
    /// <remarks>
    /// With <paramref name="reserve"/> a call let through is counted at once, in the same write transaction, so engines
    /// beside this runner never pass the hour's limit together; one the claim then finds no job for is given back by <see cref="NotStarted"/>.
    /// </remarks>
    public CallRefusal? Check(bool reserve, Job? next = null)
    {
        var agent = next is null ? null : AgentOf(next);
        if (!reserve)
        {
            return Look(reserve: false, agent);
        }

        CallRefusal? refused = null;
        _local.Transaction(() => refused = Look(reserve: true, agent));
        return refused;
    }

    private CallRefusal? Look(bool reserve, string? agent)
    {
        var saved = _safety.LoadRateLimit();
        var rate = Rate(saved);
        var refused = CallGate.Check(SpendCaps.From(_config.Budget), caps => SpendOf(caps, _queue.Spent, running: 0), rate, _safety.Parked(agent, _clock.GetUtcNow()));
        if (refused is null && reserve)
        {
            rate.CallStarted();
            _safety.CallStarted(_key);
            _reserved = true;
        }

        // Asked at every look while another runner's job runs: the window is written only when it differs from the saved one.
        if (rate.Snapshot != saved)
        {
            _safety.SaveRateLimit(rate.Snapshot);
        }

        return refused;
    }

    /// <summary>The CLI <paramref name="job"/>'s agent runs; null when its settings do not read (its claim then fails it saying why).</summary>
    private string? AgentOf(Job job)
    {
        try
        {
            return JobPreparation.SettingsFor(job, _config).Agent.Name;
        }
        catch (ConfigException)
        {
            return null;
        }
    }

    /// <summary>
    /// The spend caps' say inside each claim (<see cref="JobQueue.Admission"/>): with the run's spend and its jobs running as the
    /// claim's transaction reads them, each running job a call that may cost as much as the dearest so far, why no job may
    /// start; null when no cap is set, so claims take no turns. <see cref="Check"/> looks before the claim without the jobs
    /// running, which may end before it; this is what keeps a team's runners from starting calls that together pass the cap.
    /// </summary>
    public Func<decimal, int, string?>? Admission
    {
        get
        {
            var caps = SpendCaps.From(_config.Budget);
            return caps == SpendCaps.None ? null : (spent, running) => SpendOf(caps, spent, running).Refusal;
        }
    }

    /// <summary>A job was claimed after <see cref="Check"/> let it: its agent call counts in this hour before it starts, unless reserved already.</summary>
    public void Started()
    {
        if (_reserved)
        {
            _reserved = false;
            return;
        }

        _local.Transaction(() =>
        {
            var rate = Rate();
            rate.CallStarted();
            _safety.SaveRateLimit(rate.Snapshot);
            _safety.CallStarted(_key);
        });
    }

    /// <summary>No job was claimed after <see cref="Check"/> reserved a call for one (another runner won it): the call is given back.</summary>
    public void NotStarted()
    {
        if (!_reserved)
        {
            return;
        }

        _reserved = false;
        _local.Transaction(() =>
        {
            _safety.CallEnded(_key);
            if (_safety.LoadRateLimit() is { CallsThisHour: > 0 } saved && saved.CurrentHour == RateLimiter.HourStart(_clock.GetUtcNow()))
            {
                _safety.Replace(saved with { CallsThisHour = saved.CallsThisHour - 1 });
            }
        });
    }

    /// <summary>
    /// The agent call of <paramref name="job"/>'s attempt ended: it goes into ias.db's calls table (its cost counts toward the
    /// day), and a call that completed ends the streak of waits. A usage limit does not: five in a row trip the breaker.
    /// </summary>
    /// <remarks>A turn refused before its agent started (<paramref name="response"/> null) made no call: nothing is recorded.</remarks>
    public void Recorded(Job job, AgentRequest request, AgentResponse? response, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(request);
        if (response is null)
        {
            _safety.CallEnded(_key);
            return;
        }

        var rate = Rate();
        if (response.Failure != FailureClass.UsageLimit)
        {
            rate.CallCompleted();
        }

        _safety.SaveRateLimit(rate.Snapshot);
        _records.AddAgentCall(AgentCallRecord.Finished(_key, job.Seq, request.Role.PhaseOf(), request, response, started, _clock.GetUtcNow()));
        _safety.CallEnded(_key);
    }

    /// <summary>An attempt failed: the same failure in a row trips "same_issue", failures and empty jobs in a row "no_progress".</summary>
    public BreakerTrip? Failed(FailureClass failure, string detail)
    {
        var what = $"{RetryPolicy.Wire(failure)}: {ShortText.FirstLine(detail ?? "")}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what)))[..16];
        return Saved(Breaker.RecordJobFailure(hash, ShortText.Cut(SecretRedactor.InertLine(what), 160)));
    }

    /// <summary>A job done; <paramref name="progressed"/> false for a writing job that changed nothing. A HALF_OPEN breaker closes on progress.</summary>
    public BreakerTrip? Done(bool progressed)
    {
        var trip = Breaker.RecordJobDone(progressed);
        if (trip is null && progressed && Breaker.State == BreakerState.HalfOpen)
        {
            Breaker.CycleSucceeded();
        }

        return Saved(trip);
    }

    /// <summary>The agent's usage limit parked the queue: one more wait in a row; the fifth trips "rate_limit", as in Run Mode.</summary>
    /// <remarks>Every other call of <paramref name="agent"/>'s CLI in the repository waits the limit out too (<see cref="SafetyStore.Park"/>).</remarks>
    public BreakerTrip? UsageLimited(string agent, DateTimeOffset? resetsAt)
    {
        _safety.Park(agent, resetsAt, _clock.GetUtcNow());
        var rate = Rate();
        var wait = rate.UsageLimited(resetsAt);
        _safety.SaveRateLimit(rate.Snapshot);
        return wait.Kind == RateDecisionKind.Halt
            ? Saved(Breaker.Trip(TripCause.RateLimit, RateLimiter.WaitedTooOften))
            : null;
    }

    /// <summary>Too many waits for the hourly limit in a row: the breaker trips "rate_limit" with the gate's line.</summary>
    public BreakerTrip RateHalted(string line) => Saved(Breaker.Trip(TripCause.RateLimit, line))!;

    /// <summary>The run's spend, as its queue holds it, and the day's, with <paramref name="running"/> of the run's calls under way.</summary>
    private Spend SpendOf(SpendCaps caps, decimal runSpent, int running)
    {
        var spend = Spend.OfQueue(runSpent, _records.AgentCalls(_key), _records, caps, _clock.GetUtcNow(), GoOn(_queue.Run)).WithBeside(_safety.CallsBeside(_key));
        return running > 0 ? spend with { Running = (running, running * spend.LargestCall) } : spend;
    }

    /// <summary>
    /// The repository's rate window with the limit the configuration sets now, read again each time: a Run Mode engine or
    /// another runner of this checkout may have counted calls since.
    /// </summary>
    private RateLimiter Rate() => Rate(_safety.LoadRateLimit());

    private RateLimiter Rate(RateLimitSnapshot? saved)
    {
        var limit = _config.RunMode.CallsPerHour;
        return new RateLimiter(saved is null ? RateLimiter.Fresh(_clock.GetUtcNow(), limit) : saved with { Limit = limit }, _clock);
    }

    private BreakerTrip? Saved(BreakerTrip? trip)
    {
        Save();
        return trip;
    }

    private void Save() => _safety.SaveBreaker(_key, Breaker.Snapshot);
}
