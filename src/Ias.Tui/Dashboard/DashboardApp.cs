using Ias.Core.Config;
using Ias.Core.Control;
using Ias.Core.Decisions;
using Ias.Core.Jobs;
using Ias.Core.Git;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Spectre.Console;

namespace Ias.Tui.Dashboard;

/// <summary>
/// The full-screen dashboard: reads the engine's state from outside its process, draws frames into a cell buffer,
/// writes only what changed, and turns keys into control requests; <paramref name="starter"/> starts an engine for a
/// resume when none is alive. Quitting never stops the engine.
/// </summary>
public sealed class DashboardApp(RunPaths paths, Theme theme, Glyphs glyphs, ColorMode colorMode, IEngineStarter starter)
{
    /// <summary>How often the engine's state is read; the header's clock ticks once a second at most.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the shown log is read while it grows, so a streaming agent is on screen within this of writing.</summary>
    public static readonly TimeSpan StreamPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>How many earlier lines one step back past the top of a long log reads.</summary>
    private const int ReadBackLines = 1000;

    /// <summary>Which of the terminal's notification channels ring (ias.notify).</summary>
    public NotifyConfig Notify { get; init; } = NotifyConfig.Defaults;

    /// <summary>The panes it shows.</summary>
    public PaneRegistry Panes { get; init; } = PaneRegistry.Default;

    /// <summary>The run it watches first, and the line the footer says first (<see cref="DashboardTarget.Greeting"/>).</summary>
    public DashboardTarget Target { get; init; } = DashboardTarget.RunMode;

    /// <summary>The team's shared queue (ias.queue.backend: postgres) whose runs it watches instead of the checkout's; its caller closes it.</summary>
    public SharedQueue? Shared { get; init; }

    /// <summary>The run it watched last: the runs list (l) switches to another without leaving.</summary>
    public DashboardTarget Watched => _watched ?? Target;

    private DashboardTarget? _watched;

    /// <summary>How long the greeting stays in the footer.</summary>
    public static readonly TimeSpan GreetingLife = TimeSpan.FromSeconds(20);

    /// <summary>The branch the run's commits are counted from (run_mode.git.base_branch).</summary>
    public string BaseBranch { get; init; } = "main";

    /// <summary>The most lines of one commit the branch overlay shows.</summary>
    private const int ShownLines = 5000;

    private RunsList? _runs;
    private GitCli? _git;
    private BranchReader? _branch;
    private (string Sha, IReadOnlyList<string> Lines)? _shown;

    /// <summary>Why the dashboard ended: <see cref="DashboardEffect.Quit"/>, or a drop-in its caller opens in its place.</summary>
    public DashboardEffect LeftFor { get; private set; } = DashboardEffect.Quit;

    /// <summary>The clock the header's times and the footer's messages go by.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<int> RunAsync(CancellationToken ct, System.Diagnostics.Process? engine = null)
    {
        using var session = TerminalSession.Open();
        using var keys = new KeyReader(session.Input);
        using var watched = new WatchedRun(paths, Clock, Target, Shared);
        var control = new EngineControl(paths, Clock, starter);
        if (engine is not null)
        {
            control.Watch(engine);
        }
        var writer = new FrameWriter(session.Output, colorMode);
        using var notifications = DashboardNotifications.Open(paths, Notify, session.Output);

        // scripts/bench.sh measures the cell diff against redrawing every frame whole, as Spectre's Live display does.
        var fullRedraw = Environment.GetEnvironmentVariable("IAS_BENCH_FULL_REDRAW") == "1";

        // And start to first frame: with this set the dashboard quits once its first frame is on the terminal.
        var firstFrameOnly = Environment.GetEnvironmentVariable("IAS_BENCH_FIRST_FRAME") == "1";

        // And the least any renderer must send: after each frame, the changed cells' text bytes so far, one line each.
        using var cellsLog = Environment.GetEnvironmentVariable("IAS_BENCH_CELLS") is { Length: > 0 } cellsPath
            ? new StreamWriter(cellsPath, append: true) { AutoFlush = true }
            : null;
        var screen = new DashboardScreen(theme, glyphs, colorMode, Panes);
        var size = session.Size;
        var next = new CellBuffer(size.Width, size.Height);
        CellBuffer? shown = null;
        // How to watch the other run is read once the screen has been taken in, so it stays longer than a key's answer.
        var greeting = Target.Greeting;
        var state = new DashboardState { Message = greeting, MessageUntil = greeting is null ? null : Clock.GetUtcNow() + GreetingLife };
        JobLog? log = null;
        var snap = watched.Read();
        var facts = ScreenFacts.None;
        var dirty = true;
        string? drawn = null;

        using var timer = new PeriodicTimer(Poll);
        var lastRead = System.Diagnostics.Stopwatch.GetTimestamp();
        Task<bool>? tick = null;
        Task<KeyPress>? key = null;
        Task<Size>? resize = null;
        while (!ct.IsCancellationRequested)
        {
            // A message lives a few seconds on the clock, whatever keys come or do not.
            var aged = state.At(Clock.GetUtcNow());
            dirty |= aged.Message != state.Message;
            state = aged;
            if (state.Follow)
            {
                state = state with { Selected = state.SelectedIndex(snap) };
            }

            log = Follow(log, snap, state);
            var grew = log?.Poll() ?? false;
            if (ReadBack(log, state, facts) is { } kept)
            {
                state = kept;
                grew = true;
            }

            // While the log grows it is read more often; the engine's state still every Poll, and a quiet log costs nothing more.
            var period = grew ? StreamPoll : Poll;
            if (timer.Period != period)
            {
                timer.Period = period;
            }

            // Draw only when something could look different: a key, a resize, new state, new log lines, or a new
            // second on the clocks. An idle dashboard then lays out one frame a second, not one per poll.
            var look = screen.Fingerprint(snap);
            if (dirty || grew || look != drawn || fullRedraw)
            {
                facts = screen.Render(next, snap, state, log?.Lines ?? (IReadOnlyCollection<LogLine>)[], Sight(snap, state), Runs(state, watched.Target));
                if (fullRedraw)
                {
                    writer.FullRedraw(next);
                }
                else
                {
                    writer.Write(shown, next);
                }

                cellsLog?.WriteLine(writer.ChangedTextBytes);

                (shown, next) = (next, shown ?? new CellBuffer(next.Width, next.Height));
                drawn = look;
                dirty = false;
                if (firstFrameOnly)
                {
                    break;
                }
            }

            tick ??= timer.WaitForNextTickAsync(ct).AsTask();
            key ??= keys.Keys.ReadAsync(ct).AsTask();
            resize ??= session.Resized.ReadAsync(ct).AsTask();
            var done = await Task.WhenAny(tick, key, resize);
            if (done == key)
            {
                var pressed = await key;
                key = null;
                dirty = true;
                var name = KeyNames.Of(pressed);
                // q is a key like the others: over an overlay it closes the overlay, while typing it is a letter.
                if (name == "ctrl-c")
                {
                    break;
                }

                (state, var effect) = DashboardKeys.Apply(state, name, facts, Panes, snap);
                if (effect is DashboardEffect.Quit or DashboardEffect.DropIn or DashboardEffect.DropInShell)
                {
                    LeftFor = effect;
                    break;
                }

                if (effect == DashboardEffect.Answer)
                {
                    state = state.Say(Answer(snap, state.Asking, state.Answer)) with { Answer = "", Asking = null };
                    snap = watched.Read();
                }
                else if (effect == DashboardEffect.Watch)
                {
                    // Another run's jobs, log and keys: what was chosen to look at in this one does not carry over.
                    if (facts.Runs.ElementAtOrDefault(state.RunsSelected) is { } chosen)
                    {
                        state = new DashboardState { Focus = state.Focus }.Say(watched.Switch(chosen));
                        snap = watched.Read();
                        log = null;
                    }
                }
                else if (effect != DashboardEffect.None)
                {
                    state = state.Say(control.Apply(effect, snap.Status.Run?.Options.Unsandboxed == true));
                    snap = watched.Read();
                }
            }
            else if (done == resize)
            {
                // Read the newest size only: a storm of resizes costs one layout.
                var latest = await resize;
                while (session.Resized.TryRead(out var newer))
                {
                    latest = newer;
                }

                resize = null;
                next.Resize(latest.Width, latest.Height);
                shown = null;
                dirty = true;
            }
            else
            {
                tick = null;
                if (System.Diagnostics.Stopwatch.GetElapsedTime(lastRead) >= Poll - StreamPoll / 2)
                {
                    snap = watched.Read();
                    notifications?.Poll();
                    lastRead = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (control.Failure() is { } failure)
                    {
                        state = state.Say(failure);
                    }

                    // While the shared queue cannot be read, the footer says so; the last jobs read stay on screen.
                    if (Shared?.Problem is { } problem && state.Message != $"{problem} (trying again every second)")
                    {
                        state = state.Say($"{problem} (trying again every second)");
                    }
                }
            }

            if (next.Width != (shown?.Width ?? next.Width) || next.Height != (shown?.Height ?? next.Height))
            {
                shown = null;
                dirty = true;
            }
        }

        _watched = watched.Target;
        _runs?.Dispose();
        _runs = null;
        return 0;
    }

    /// <summary>What the runs list shows, read only while it is open; closed, it keeps no connection.</summary>
    private RunsSight? Runs(DashboardState state, DashboardTarget watching)
    {
        if (!state.Runs)
        {
            _runs?.Dispose();
            _runs = null;
            return null;
        }

        _runs ??= new RunsList(paths, Shared);
        var runs = _runs.Read();
        return new RunsSight(runs, runs.ToList().FindIndex(watching.Watches));
    }

    /// <summary>What the branch overlay shows, read from git only while it is open; the opened commit is read once.</summary>
    private BranchSight? Sight(EngineSnapshot snap, DashboardState state)
    {
        if (!state.Branch || snap.Status.Run is not { } run)
        {
            return null;
        }

        _git ??= new GitCli(paths.RepoRoot);
        _branch ??= new BranchReader(paths, _git);
        if (state.BranchCommit is { } sha && _shown?.Sha != sha)
        {
            _shown = (sha, _git.Show(sha, ShownLines));
        }

        return new BranchSight(_branch.Read(run, BaseBranch), state.BranchCommit is null ? null : _shown?.Lines);
    }

    /// <summary>Answers question <paramref name="id"/> (null: the oldest open one), as `ias answer` does; the waiting engine or runner picks the answer up.</summary>
    private string Answer(EngineSnapshot snap, string? id, string text)
    {
        if ((id ?? snap.Questions.FirstOrDefault()?.Id) is not { } asked)
        {
            return "no agent is waiting for an answer";
        }

        using var store = File.Exists(paths.Database) ? RunStore.Open(paths.Database) : null;
        string Say(IDecisionStore? shared) => new DecisionDesk(store, shared, paths.RepoRoot, Clock).Answer(asked, text, out var error) is { } answered
            ? $"answered {answered.Id}; the agent goes on with it{(answered.Host is { } host ? $" at its runner on {host}" : "")}"
            : error ?? $"{asked} was not answered";

        if (Shared is null || !DecisionIds.Shared.Names(asked))
        {
            return Say(null);
        }

        try
        {
            // On the connection the dashboard keeps to the shared queue, as its looks use.
            return Shared.Now(team => Say(team.Questions));
        }
        catch (QueueException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// At the top of the lines read so far of a longer log, reads further back and moves the view down by what came in,
    /// so the same lines stay in view and the next step up shows earlier ones; null when there is nothing to do.
    /// </summary>
    private DashboardState? ReadBack(JobLog? log, DashboardState state, ScreenFacts facts)
    {
        if (log is not { HasEarlier: true } || state is not { Follow: false, LogTop: 0 }
            || Panes.All.OfType<LogPane>().FirstOrDefault() is not { } pane || !facts.Panes.TryGetValue(pane.Id, out var shown))
        {
            return null;
        }

        var earlier = log.ReadEarlier(ReadBackLines);
        return earlier.Count == 0 ? null : state with { LogTop = LogPane.Visible(earlier, state.Filter, state.Wrap, shown.Width).Count };
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
