using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Core.Replays;

/// <summary>
/// A stored Run Mode run as a timeline: its events in order (the moments a replay steps through), where each phase
/// begins, and the engine's snapshot as it stood at each moment (<see cref="At"/>), all read once from ias.db by a
/// read-only connection. Nothing of the run is changed; what the dashboard shows that ias.db keeps no history of (the
/// breaker's streaks, the hourly calls) is worked out from the phases, findings and agent calls it does keep.
/// </summary>
public sealed partial class RunTimeline : IReplayTimeline
{
    private readonly RunPaths _paths;
    private readonly RunSnapshot _run;
    private readonly IReadOnlyList<PhaseRecord> _phases;
    private readonly IReadOnlyList<EventRecord> _events;
    private readonly IReadOnlyList<AgentCallRecord> _calls;
    private readonly IReadOnlyList<AgentCallRecord> _checkoutCalls;
    private readonly IReadOnlyDictionary<long, string?> _verdictHashes;
    private readonly BreakerSnapshot? _breaker;
    private readonly RateLimitSnapshot? _rate;
    private readonly SpendCaps _caps;

    private RunTimeline(RunPaths paths, RunSnapshot run, RunStore store)
    {
        var records = new RunRecords(store);
        var safety = new SafetyStore(store);
        (_paths, _run) = (paths, run);
        _phases = records.Phases(run.RunId);
        _events = [.. records.Events(run.RunId).OrderBy(e => e.At).ThenBy(e => e.Id)];
        _calls = records.AgentCalls(run.RunId);
        // The hourly budget and the day's spend are the checkout's: every run's calls count in them, from the run's first day.
        _checkoutCalls = records.AgentCallsSince(new DateTimeOffset(run.Started.UtcDateTime.Date, TimeSpan.Zero));
        _verdictHashes = _phases.Where(p => PhaseFacts.Find(p.Phase)?.Step == StepKind.Verdict && p.Outcome is not null)
            .ToDictionary(p => p.Id, p => FindingsHash.Of(records.Findings(run.RunId, p.Cycle, p.Phase)));
        _breaker = safety.LoadBreaker(run.RunId);
        _rate = safety.LoadRateLimit();
        _caps = Caps(store, paths, run.RunId);
        PhaseStarts = [.. _phases.Select(p => FirstAtOrAfter(p.Started)).Where(i => i >= 0).Distinct()];
    }

    public string RunId => _run.RunId;

    public string Title => $"run {RunId}";

    /// <summary>How many moments the run has: one per stored event.</summary>
    public int Count => _events.Count;

    /// <summary>The indices of the moments where a phase begins, in order: what a replay's phase jump goes between.</summary>
    public IReadOnlyList<int> PhaseStarts { get; }

    /// <summary>
    /// The run <paramref name="runId"/> of the checkout at <paramref name="paths"/> as a timeline, read through a read-only
    /// connection that is closed again; null when ias.db has no such run.
    /// </summary>
    public static RunTimeline? Read(RunPaths paths, string runId)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var store = RunStore.OpenReadOnly(paths.Database);
        return new RunRecords(store).GetRun(runId) is { } run ? new RunTimeline(paths, run, store) : null;
    }

    /// <summary>Moment <paramref name="index"/>: its time, kind and line.</summary>
    public ReplayMoment Moment(int index)
    {
        var e = _events[index];
        return new ReplayMoment(index, Count, e.At, e.Kind, e.Message);
    }

    /// <summary>
    /// When moment <paramref name="index"/> stops standing: the next moment's time, or never for the last. What happened
    /// before it (a phase begun, a log line written) is shown at <paramref name="index"/>.
    /// </summary>
    public DateTimeOffset Until(int index) => index + 1 < Count ? _events[index + 1].At : DateTimeOffset.MaxValue;

    private int FirstAtOrAfter(DateTimeOffset at)
    {
        for (var i = 0; i < _events.Count; i++)
        {
            if (_events[i].At >= at)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The caps of the run's own copy of .loa.config.yaml, as the live dashboard shows them; none when it kept none that reads.</summary>
    private static SpendCaps Caps(RunStore store, RunPaths paths, string runId)
    {
        try
        {
            return new RunInputsStore(store).Load(runId) is { } inputs ? SpendCaps.From(inputs.Config(paths.RepoRoot).Budget) : SpendCaps.None;
        }
        catch (Config.ConfigException)
        {
            return SpendCaps.None;
        }
    }
}
