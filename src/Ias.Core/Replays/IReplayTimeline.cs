using Ias.Core.Snapshots;

namespace Ias.Core.Replays;

/// <summary>
/// A stored run as a replay steps through it, whatever kind it is: its moments in order, where each phase (a queue's job
/// attempt) begins, and the engine's snapshot as it stood at each moment, read from what the checkout stores, read-only.
/// </summary>
public interface IReplayTimeline
{
    /// <summary>The run's id as l lists it: a Run Mode run's id or a queue run's name.</summary>
    string RunId { get; }

    /// <summary>The run as the footer names it: "run ID" or "queue run NAME".</summary>
    string Title { get; }

    /// <summary>How many moments the run has.</summary>
    int Count { get; }

    /// <summary>The indices of the moments where a phase (a queue's job attempt) begins, in order: what [ and ] go between.</summary>
    IReadOnlyList<int> PhaseStarts { get; }

    /// <summary>Moment <paramref name="index"/>: its time, kind and line.</summary>
    ReplayMoment Moment(int index);

    /// <summary>When moment <paramref name="index"/> stops standing: the next moment's time, or never for the last.</summary>
    DateTimeOffset Until(int index);

    /// <summary>The engine's snapshot as it stood at moment <paramref name="index"/>, until the next.</summary>
    EngineSnapshot At(int index);
}
