using System.Diagnostics;
using System.Threading.Channels;
using Ias.Core.Config;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;
using Spectre.Console;

namespace Ias.Tui.Dashboard;

/// <summary>
/// One time the dashboard holds the terminal: the model (the keyboard's state, the watched run's last snapshot and
/// log, what the last frame showed), its update by keys, resizes and the clock, the effects keys ask for, and the view.
/// </summary>
internal sealed partial class DashboardSession : IDisposable
{
    /// <summary>How many earlier lines one step back past the top of a long log reads.</summary>
    private const int ReadBackLines = 1000;

    private readonly DashboardScreen _screen;
    private readonly FrameWriter _writer;
    private readonly TimeProvider _clock;

    // scripts/bench.sh measures the cell diff against redrawing every frame whole, as Spectre's Live display does.
    private readonly bool _fullRedraw = Environment.GetEnvironmentVariable("IAS_BENCH_FULL_REDRAW") == "1";

    // And the least any renderer must send: after each frame, the changed cells' text bytes so far, one line each.
    private readonly StreamWriter? _cellsLog = Environment.GetEnvironmentVariable("IAS_BENCH_CELLS") is { Length: > 0 } cellsPath
        ? new StreamWriter(cellsPath, append: true) { AutoFlush = true }
        : null;

    private DashboardClients _clients;
    private CellBuffer _next;
    private CellBuffer? _shown;
    private DashboardState _state;
    private EngineSnapshot _snap;
    private JobLog? _log;
    private ScreenFacts _facts = ScreenFacts.None;
    private bool _dirty = true;
    private bool _grew;
    private string? _drawn;
    private long _lastRead = Stopwatch.GetTimestamp();
    private DateTimeOffset _played;
    private (ReplayCursor Cursor, EngineSnapshot Snap)? _replayed;

    public DashboardSession(DashboardScreen screen, FrameWriter writer, DashboardClients clients, TimeProvider clock, Size size, DashboardState first)
    {
        (_screen, _writer, _clients, _clock) = (screen, writer, clients, clock);
        _next = new CellBuffer(size.Width, size.Height);
        // How to watch the other run is read once the screen has been taken in, so it stays longer than a key's answer.
        _state = first with { MessageUntil = first.Message is null ? null : clock.GetUtcNow() + DashboardApp.GreetingLife, Checkout = clients.Name };
        _played = clock.GetUtcNow();
        _snap = Read();
    }

    /// <summary>The watched queue run and its selected job, which d drops into; null for a Run Mode run or an empty queue.</summary>
    public (string Run, string Id)? SelectedJob =>
        _clients.Watched.Target.QueueRun is { } run && _snap.Queue is not null && _snap.Jobs.Count > 0 && _snap.Jobs[_state.SelectedIndex(_snap)].Name is { } id ? (run, id) : null;

    /// <summary>The root of the checkout whose run is watched.</summary>
    public string Root => _clients.Checkout.Paths.RepoRoot;

    /// <summary>The run watched in that checkout.</summary>
    public DashboardTarget Target => _clients.Watched.Target;

    /// <summary>And start to first frame: with this set the dashboard quits once its first frame is on the terminal.</summary>
    public bool FirstFrameOnly { get; } = Environment.GetEnvironmentVariable("IAS_BENCH_FIRST_FRAME") == "1";

    /// <summary>Brings the model up to the clock and the log; while the log grows, <paramref name="timer"/> ticks faster.</summary>
    public void Step(PeriodicTimer timer)
    {
        if (_next.Width != (_shown?.Width ?? _next.Width) || _next.Height != (_shown?.Height ?? _next.Height))
        {
            _shown = null;
            _dirty = true;
        }

        // A message lives a few seconds on the clock, whatever keys come or do not.
        var aged = _state.At(_clock.GetUtcNow());
        _dirty |= aged.Message != _state.Message;
        _state = aged;
        if (_state.Follow)
        {
            _state = _state with { Selected = _state.SelectedIndex(_snap) };
        }

        _log = Follow(_log, _snap, _state);
        _grew = _log?.Poll() ?? false;
        if (ReadBack() is { } kept)
        {
            _state = kept;
            _grew = true;
        }

        // While the log grows it is read more often; the engine's state still once a poll, and a quiet log costs nothing more.
        var period = _grew || _state.Replay is { Paused: false } ? DashboardApp.StreamPoll : DashboardApp.Poll;
        if (timer.Period != period)
        {
            timer.Period = period;
        }
    }

    /// <summary>
    /// Draws only when something could look different: a key, a resize, new state, new log lines, or a new second on
    /// a clock that moves. A live run's dashboard then lays out one frame a second, not one per poll, and a finished
    /// run's none. True when it drew.
    /// </summary>
    public bool Draw()
    {
        var look = _screen.Fingerprint(_snap, _state.Mode);
        if (!_dirty && !_grew && look == _drawn && !_fullRedraw)
        {
            return false;
        }

        _facts = _screen.Render(_next, _snap, _state, Lines(), _clients.Sources);
        if (_facts.Overlay.Declined is not null)
        {
            // An overlay with nothing to show (the selected job has no branch here) closes at once, and the footer says why.
            _state = _state.After(_facts);
            _facts = _screen.Render(_next, _snap, _state, Lines(), _clients.Sources);
        }

        _clients.Sources.Settle();
        if (_fullRedraw)
        {
            _writer.FullRedraw(_next);
        }
        else
        {
            // A pane's lines move up as its content grows (a log); the writer may scroll them instead of redrawing them.
            _writer.Write(_shown, _next, _facts.Panes.Values.Select(p => p.Area));
        }

        _cellsLog?.WriteLine(_writer.ChangedTextBytes);
        (_shown, _next) = (_next, _shown ?? new CellBuffer(_next.Width, _next.Height));
        _drawn = look;
        _dirty = false;
        return true;
    }

    /// <summary>Updates the model by <paramref name="pressed"/> and does what it asks; returns why the dashboard leaves, or null to stay.</summary>
    public DashboardCommand? Key(KeyPress pressed)
    {
        _dirty = true;
        var name = KeyNames.Of(pressed);
        // q is a key like the others: over an overlay it closes the overlay, while typing it is a letter.
        if (name == "ctrl-c")
        {
            return DashboardCommand.Quit;
        }

        // A key acts on the world as it is now, not as the last poll saw it: x a second after the runner exited finds no
        // runner. The read costs a few stats when nothing changed.
        _snap = Read();
        var replaying = _state.Replay is not null;
        (_state, var effect) = DashboardKeys.Apply(_state, name, _facts, _screen.Panes, _snap, _screen.Overlays);
        switch (effect)
        {
            case DashboardEffect.Leave leave:
                return leave.For;
            case DashboardEffect.Answer answer:
                _state = _state.Say(_clients.Decisions.Answer(_snap, answer.Question, answer.Text));
                break;
            case DashboardEffect.Replay replay:
                _state = Replay(replay.Run);
                _log = null;
                break;
            case DashboardEffect.Watch watch:
                // Another run's jobs, log and keys: what was chosen to look at in this one does not carry over.
                var watching = Watch(watch.Run);
                _state = new DashboardState { Focus = _state.Focus, Checkout = _clients.Name }.Say(watching);
                _log = null;
                break;
            case DashboardEffect.Runner runner:
                _state = _state.Say(Runner(runner.Request));
                break;
            case DashboardEffect.ReportRead:
                _clients.Sources.ReportRead();
                break;
            case DashboardEffect.Engine engine:
                _state = _state.Say(_clients.Control.Apply(engine.Request, _snap.Status.Run?.Options.Unsandboxed == true));
                break;
            default:
                // A replay key moved the replay: the run as it stood at the moment it stands at now; esc left it: the run as it is.
                _snap = _state.Replay is null && !replaying ? _snap : Read();
                return null;
        }

        _snap = Read();
        return null;
    }

    /// <summary>Reads the newest size only: a storm of resizes costs one layout.</summary>
    public void Resize(Size latest, ChannelReader<Size> more)
    {
        while (more.TryRead(out var newer))
        {
            latest = newer;
        }

        _next.Resize(latest.Width, latest.Height);
        _shown = null;
        _dirty = true;
    }

    /// <summary>The timer's tick: every <see cref="DashboardApp.Poll"/> the engine's state, the notifications and a started engine's failure are read.</summary>
    public void Tick()
    {
        if (_state.Replay is { } replay)
        {
            Play(replay);
            return;
        }

        if (Stopwatch.GetElapsedTime(_lastRead) < DashboardApp.Poll - (DashboardApp.StreamPoll / 2))
        {
            return;
        }

        _snap = Read();
        _clients.Notifications?.Poll();
        _lastRead = Stopwatch.GetTimestamp();
        if (_clients.Control.Exited() is { } exited)
        {
            Ended(exited);
        }

        // While the watched queue's runner has lost its database, the footer says so (its outage file, outside the database).
        if (_snap.Queue?.OutageLine is { } outage && _state.Message != outage)
        {
            _state = _state.Say(outage);
        }

        if (_clients.Runners?.Exited() is { } stopped)
        {
            _state = _state.Say(stopped);
        }

        // While the shared queue cannot be read, the footer says so; the last jobs read stay on screen.
        if (_clients.Shared?.Problem is { } problem && _state.Message != $"{problem} (trying again every second)")
        {
            _state = _state.Say($"{problem} (trying again every second)");
        }
    }

    public void Dispose()
    {
        _clients.Dispose();
        _cellsLog?.Dispose();
    }

    /// <summary>
    /// Watches <paramref name="run"/>, a row of the runs list: in this checkout by switching the reader, in another by
    /// opening that checkout's clients in place of these, as a dashboard opened there would have them; the footer's line.
    /// </summary>
    private string Watch(RunSummary run)
    {
        if (run.Checkout is not { } root || root == Root || _clients.Everywhere is not { } everywhere)
        {
            // A run at work in another lane is watched through that lane's clients, so keys act on it.
            if (DashboardTarget.Of(run) is { QueueRun: null } target && target.Lane != _clients.Checkout.Paths.Lane && !_clients.Watched.Target.Watches(run))
            {
                var lane = _clients.InLane(target);
                _clients.Dispose();
                _clients = lane;
                return WatchedRun.Saying(run);
            }

            return _clients.Watched.Switch(run);
        }

        try
        {
            var next = _clients.For(everywhere.Open(root), DashboardTarget.Of(run));
            _clients.Dispose();
            _clients = next;
            return $"{WatchedRun.Saying(run)} in {root}";
        }
        catch (Exception e) when (e is ConfigException or StateFileException or IOException or UnauthorizedAccessException)
        {
            return $"cannot watch {run.Id} in {root}: {e.Message}";
        }
    }

    /// <summary>Starts or stops the watched queue run's runner; the footer's line.</summary>
    private string Runner(DashboardCommand request) => (_clients.Runners, _snap.Queue) switch
    {
        (null, _) => "this dashboard cannot start or stop runners: use `ias run-loop --detach` and `ias stop`",
        (_, null) => "no queue run is watched here: l lists the runs",
        var (runners, queue) => request == DashboardCommand.StartRunner ? runners.Start(queue) : runners.Stop(queue),
    };

    /// <summary>The watched run's snapshot; while an engine the dashboard started has no run yet, as its launch draws it.</summary>
    private EngineSnapshot Read()
    {
        if (_state.Replay is { } replay)
        {
            return Replayed(replay);
        }

        var snap = _clients.Watched.Read();
        if (_state.Launch is not { } launch)
        {
            return snap;
        }

        _state = _state with { Launch = launch.After(snap) };
        return _state.Launch?.Drawn(snap) ?? snap;
    }

    /// <summary>
    /// The engine this dashboard started has exited: the footer says a failure's last line, and an engine whose run never
    /// showed says in the header how it stopped, after one more look, since its last writes are all on disk now.
    /// </summary>
    private void Ended(EngineExit exited)
    {
        if (exited.Failure is { } failure)
        {
            _state = _state.Say(failure);
        }

        if (_state.Launch is { ExitCode: null })
        {
            _snap = Read();
            _state = _state.Launch is { } launch ? _state with { Launch = launch.Exited(exited.Code, exited.LastLine) } : _state;
        }
    }

    /// <summary>
    /// At the top of the lines read so far of a longer log, reads further back and moves the view down by what came in,
    /// so the same lines stay in view and the next step up shows earlier ones; null when there is nothing to do.
    /// </summary>
    private DashboardState? ReadBack()
    {
        if (_log is not { HasEarlier: true } || _state is not { Follow: false, LogTop: 0 }
            || _screen.Panes.All.OfType<LogPane>().FirstOrDefault() is not { } pane || !_facts.Panes.TryGetValue(pane.Id, out var shown))
        {
            return null;
        }

        var earlier = _log.ReadEarlier(ReadBackLines);
        return earlier.Count == 0 ? null : _state with { LogTop = LogPane.Visible(earlier, _state.Filter, _state.Wrap, shown.Width).Count };
    }

    /// <summary>The log of the selected job; a new selection starts reading another job's file.</summary>
    private static JobLog? Follow(JobLog? current, EngineSnapshot snap, DashboardState state)
    {
        if (snap.Jobs.Count == 0)
        {
            return null;
        }

        var job = snap.Jobs[state.SelectedIndex(snap)];
        if (job.JobDir is null)
        {
            return current?.JobDir is null ? current : null;
        }

        return current?.JobDir == job.JobDir ? current : new JobLog(job.JobDir);
    }
}
