using Ias.Core.Replays;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Views;

namespace Ias.Tui.Dashboard;

/// <summary>The replay's side of the dashboard's one time at the terminal: its clock, its snapshots and the log as it stood.</summary>
internal sealed partial class DashboardSession
{
    /// <summary>
    /// Starts replaying <paramref name="run"/> (the watched run when null) from its first moment, in a state of its own
    /// as watching another run has; the state unchanged but for a line saying why when it cannot.
    /// </summary>
    private DashboardState Replay(RunSummary? run)
    {
        var queue = run is null ? _snap is { Status.Run: null, Queue: not null } : run.Kind == RunKind.Queue;
        var id = run?.Id ?? _snap.Status.Run?.RunId ?? _snap.Queue?.Name;
        if (run?.Checkout is { } root && root != Root)
        {
            return _state.Say($"run {id} is another checkout's: replay it from a dashboard there (`ias dashboard --replay {id}`)");
        }

        if (id is null)
        {
            return _state.Say("no run here to replay");
        }

        if (queue && _clients.Shared is not null)
        {
            return _state.Say($"queue run {id} is on the team's shared queue: its replay is not available, only a checkout's own queue runs replay");
        }

        IReplayTimeline? timeline;
        try
        {
            timeline = ReplayTimelines.Read(_clients.Checkout.Paths, id, queue);
        }
        catch (StateFileException e)
        {
            return _state.Say($"cannot replay run {id}: {e.Message}");
        }

        return timeline switch
        {
            null => _state.Say($"no {(queue ? "queue run" : "run")} {id} in .run/ias.db: l lists the runs"),
            { Count: 0 } => _state.Say($"run {id} has no stored events to replay"),
            _ => Replaying(timeline),
        };
    }

    /// <summary>The state that shows <paramref name="timeline"/> from its first moment, playing at 1x.</summary>
    private DashboardState Replaying(IReplayTimeline timeline)
    {
        _played = _clock.GetUtcNow();
        return new DashboardState { Focus = _state.Focus, Checkout = _clients.Name, Replay = new ReplayCursor(timeline) }.Say(DashboardApp.Replaying(timeline));
    }

    /// <summary>The clock's tick during a replay: the moments that came due since the last one.</summary>
    private void Play(ReplayCursor replay)
    {
        var now = _clock.GetUtcNow();
        var played = replay.Played(now - _played);
        _played = now;
        if (played.Index != replay.Index || played.Paused != replay.Paused)
        {
            _state = _state with { Replay = played };
            _snap = Read();
            _dirty = true;
        }
    }

    /// <summary>The run as it stood at the replay's moment, read from its timeline once per moment.</summary>
    private EngineSnapshot Replayed(ReplayCursor replay)
    {
        if (_replayed is not { } seen || seen.Cursor.Timeline != replay.Timeline || seen.Cursor.Index != replay.Index)
        {
            _replayed = (replay, replay.Timeline.At(replay.Index));
        }

        return _replayed.Value.Snap;
    }

    /// <summary>The selected job's log; in a replay, only the lines its agent had written by the moment shown.</summary>
    private IReadOnlyCollection<LogLine> Lines()
    {
        var lines = _log?.Lines ?? (IReadOnlyCollection<LogLine>)[];
        if (_state.Replay is not { } replay)
        {
            return lines;
        }

        var until = replay.Timeline.Until(replay.Index);
        return [.. lines.Where(l => l.Time is not { } at || at < until)];
    }
}
