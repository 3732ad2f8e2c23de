using Ias.Core.Control;
using Ias.Core.Replays;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;
using Spectre.Console;

namespace Ias.Tui.Dashboard;

/// <summary>
/// The full-screen dashboard: reads the engine's state from outside its process, draws frames into a cell buffer,
/// writes only what changed, and turns keys into control requests; <paramref name="starter"/> starts an engine for a
/// resume when none is alive. It opens on a run of <paramref name="checkout"/>, and with <see cref="Everywhere"/> can watch
/// one of any checkout's. Quitting never stops the engine.
/// </summary>
public sealed class DashboardApp(DashboardCheckout checkout, Theme theme, Glyphs glyphs, ColorMode colorMode, IEngineStarter starter)
{
    /// <summary>How often the engine's state is read; the header's clock ticks once a second at most.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the shown log is read while it grows, so a streaming agent is on screen within this of writing.</summary>
    public static readonly TimeSpan StreamPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>The panes it shows.</summary>
    public PaneRegistry Panes { get; init; } = PaneRegistry.Default;

    /// <summary>The run it watches first, and the line the footer says first (<see cref="DashboardTarget.Greeting"/>).</summary>
    public DashboardTarget Target { get; init; } = DashboardTarget.RunMode;

    /// <summary>What reading the checkout's `.loa.config.yaml` warned of (an unknown key, say): the footer opens on it.</summary>
    public IReadOnlyList<string> ConfigWarnings { get; init; } = [];

    /// <summary>
    /// The footer's first line: the config's first warning (and how many more, which `ias preflight` lists), else the
    /// target's greeting. Printed before the dashboard takes the screen, a warning would scroll away unread.
    /// </summary>
    public string? Greeting => ConfigWarnings switch
    {
        [] => Target.Greeting,
        // The warning names the file and the place in it; the footer has no room for more words.
        [var only] => only,
        [var first, ..] => $"1 of {ConfigWarnings.Count} config warnings (`ias preflight` lists them): {first}",
    };

    /// <summary>
    /// Whether it opens on the report (the morning screen) when something happened since the person last read it: a
    /// dashboard attached to a checkout does, one opened with an engine it starts or coming back from a drop-in does not.
    /// </summary>
    public bool MorningScreen { get; init; }

    /// <summary>The checkouts whose runs the runs list (l) shows too, any of which it can watch in place; null for its own alone.</summary>
    public EveryCheckout? Everywhere { get; init; }

    /// <summary>The run it watched last: the runs list (l) switches to another without leaving.</summary>
    public DashboardTarget Watched => _watched?.Target ?? Target;

    /// <summary>The root of the checkout whose run it watched last: its own, or another the list of every checkout switched to.</summary>
    public string WatchedRoot => _watched?.Root ?? checkout.Paths.RepoRoot;

    private (string Root, DashboardTarget Target)? _watched;

    /// <summary>How long the greeting stays in the footer.</summary>
    public static readonly TimeSpan GreetingLife = TimeSpan.FromSeconds(20);

    /// <summary>A replay of a stored run instead of the watched run as it is: it plays from its first moment; null for none.</summary>
    public IReplayTimeline? Replay { get; init; }

    /// <summary>What the footer says when a replay starts.</summary>
    public static string Replaying(IReplayTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return $"replaying {timeline.Title}: space pauses, ←/→ step, [/] phase, +/- speed, esc leaves; nothing of the run changes";
    }

    /// <summary>Why the dashboard ended: <see cref="DashboardCommand.Quit"/>, or a drop-in its caller opens in its place.</summary>
    public DashboardCommand LeftFor { get; private set; } = DashboardCommand.Quit;

    /// <summary>The queue run and job selected when it left (d drops into that job's session); null on a Run Mode run.</summary>
    public (string Run, string Id)? LeftOnJob { get; private set; }

    /// <summary>The clock the header's times and the footer's messages go by.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Starts the engine <paramref name="start"/> starts, if any, and takes the terminal until a key leaves (or
    /// <paramref name="ct"/> ends); the engine is watched for a failed start, and until its run shows the header says what it starts.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken ct, Func<System.Diagnostics.Process?>? start = null)
    {
        var launched = Clock.GetUtcNow();
        var engine = start?.Invoke();
        using var session = TerminalSession.Open();
        return await RunAsync(session, launched, engine, ct);
    }

    /// <summary>Takes <paramref name="session"/>, a terminal given as parts, until a key leaves (or <paramref name="ct"/> ends).</summary>
    public Task<int> RunAsync(TerminalSession session, CancellationToken ct) => RunAsync(session, Clock.GetUtcNow(), engine: null, ct);

    private async Task<int> RunAsync(TerminalSession session, DateTimeOffset launched, System.Diagnostics.Process? engine, CancellationToken ct)
    {
        using var keys = new KeyReader(session.Input);
        var clients = DashboardClients.Open(checkout, Target, new Surroundings(Clock, starter, session.Output, Everywhere), engine);
        var screen = new DashboardScreen(theme, glyphs, colorMode, Panes);
        var first = First(screen, session.Size, engine, clients, launched);
        using var run = new DashboardSession(screen, new FrameWriter(session.Output, colorMode), clients, Clock, session.Size, first);
        using var timer = new PeriodicTimer(Poll);
        Task<bool>? tick = null;
        Task<KeyPress>? key = null;
        Task<Size>? resize = null;
        while (!ct.IsCancellationRequested)
        {
            run.Step(timer);
            if (run.Draw() && run.FirstFrameOnly)
            {
                break;
            }

            tick ??= timer.WaitForNextTickAsync(ct).AsTask();
            key ??= keys.Keys.ReadAsync(ct).AsTask();
            resize ??= session.Resized.ReadAsync(ct).AsTask();
            var done = await Task.WhenAny(tick, key, resize);
            if (done == key)
            {
                var left = run.Key(await key);
                key = null;
                if (left is { } leaving)
                {
                    LeftFor = leaving;
                    LeftOnJob = run.SelectedJob;
                    break;
                }
            }
            else if (done == resize)
            {
                run.Resize(await resize, session.Resized);
                resize = null;
            }
            else
            {
                tick = null;
                run.Tick();
            }
        }

        _watched = (run.Root, run.Target);
        return 0;
    }

    /// <summary>The state of the first frame: a replay from its first moment, or the morning report, or the panes; with the footer's first line.</summary>
    private DashboardState First(DashboardScreen screen, Size size, System.Diagnostics.Process? engine, DashboardClients clients, DateTimeOffset launched)
    {
        var first = new DashboardState { Launch = engine is not null && Target.Starting is { } what ? new Launch(what, launched) : null };
        if (Replay is not null)
        {
            return first.Say(Replaying(Replay)) with { Replay = new ReplayCursor(Replay) };
        }

        return (Morning(screen, size, engine, clients) is { } report ? first with { Mode = new Mode.Overlay(report) } : first).Say(Greeting);
    }

    /// <summary>The report overlay's id when the dashboard opens on it: asked for, no engine started, room for an overlay, and news in the report.</summary>
    private string? Morning(DashboardScreen screen, Size size, System.Diagnostics.Process? engine, DashboardClients clients) =>
        MorningScreen && engine is null && size.Width >= DashboardLayout.MinWidth && size.Height >= DashboardLayout.MinHeight
            && screen.Overlays.Opening(DashboardCommand.Report) is { } report && clients.Sources.HasNews()
            ? report.Id
            : null;
}
