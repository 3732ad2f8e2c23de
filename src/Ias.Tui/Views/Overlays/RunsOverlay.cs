using System.Globalization;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// The checkout's runs over the panes, latest active first, the watched one marked: each run's kind, state, id, when it
/// was last active (UTC) and where it is (a Run Mode run's sprint, phase and cycle; a queue run's jobs by state). The runs
/// of every checkout (`ias dashboard --all`) come under a heading per checkout, its folder's name and its path.
/// </summary>
public sealed class RunsOverlay : IOverlay
{
    /// <summary>The narrowest list that shows when each run was last active.</summary>
    private const int WithTime = 70;

    public string Id => "runs";

    public DashboardCommand Opens => DashboardCommand.Runs;

    public bool Live => true;

    public OverlayFacts? Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Sources.Runs() is not { } sight)
        {
            return null;
        }

        var (rows, title, selected) = Rows(sight, context.Open, context.Painter.Theme, context.Painter.Glyphs, context.Painter.ListWidth - 2);
        context.Painter.List(rows, title, selected, 0);
        return new OverlayFacts([.. sight.Runs]);
    }

    // The list keeps the moving keys; enter closes it and asks the dashboard to watch the selected run instead.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runs = context.Facts.Items;
        if (context.Closes)
        {
            return context.Stay(null);
        }

        var selected = runs.Count > 0 ? (RunSummary)runs[Math.Clamp(context.Open.Selected, 0, runs.Count - 1)] : null;
        return (context.Command, selected) switch
        {
            (DashboardCommand.Open, { } run) => (context.State with { Mode = Mode.Panes }, new DashboardEffect.Watch(run)),
            (DashboardCommand.Replay, { } run) => (context.State with { Mode = Mode.Panes }, new DashboardEffect.Replay(run)),
            _ => context.Stay(context.Open.Move(context.Command, runs.Count) ?? context.Open),
        };
    }

    /// <summary>The rows and the title of the overlay, and the row of the selection; the caller frames them and keeps the selection in view.</summary>
    private static (IReadOnlyList<IRenderable> Rows, string Title, int Selected) Rows(RunsSight sight, Mode.Overlay open, Theme theme, Glyphs glyphs, int width)
    {
        // A narrow list keeps where each run is rather than when it was last active.
        var timed = width >= WithTime;
        var grouped = sight.Runs.Any(r => r.Checkout is not null);
        var legend = $"{glyphs.Watched} watched, {(grouped ? "by checkout, " : "")}latest active first{(timed ? ", times UTC" : "")}";
        var rows = new List<IRenderable> { Pieces.Line((Pieces.Fit(legend, width), theme.Style(ThemeRoles.TextDim))) };
        if (sight.Runs.Count == 0)
        {
            rows.Add(Pieces.Line((Pieces.Fit("no runs yet: `ias run sprint-N` starts a sprint, `ias new-run NAME` a job queue", width), theme.Style(ThemeRoles.Text))));
            return (rows, " runs - esc closes ", -1);
        }

        var idWidth = Math.Min(24, sight.Runs.Max(r => r.Id.Length));
        var selected = Math.Clamp(open.Selected, 0, sight.Runs.Count - 1);
        var selectedRow = 0;
        for (var i = 0; i < sight.Runs.Count; i++)
        {
            var run = sight.Runs[i];
            if (grouped && (i == 0 || run.Checkout != sight.Runs[i - 1].Checkout))
            {
                rows.Add(Pieces.Line((Pieces.Fit(Heading(run.Checkout ?? "", width), width), theme.Style(ThemeRoles.HelpTitle))));
            }

            var mark = i == sight.Watched ? glyphs.Watched : " ";
            var when = timed ? string.Create(CultureInfo.InvariantCulture, $"{run.LastActive.UtcDateTime:MM-dd HH:mm}  ") : "";
            var text = $"{mark} {Kind(run.Kind),-6} {State(run),-8} {Pieces.Fit(run.Id, idWidth)} {when}{Where(run)}";
            selectedRow = i == selected ? rows.Count : selectedRow;
            rows.Add(Pieces.Line((Pieces.Fit(text, width), theme.Style(i == selected ? ThemeRoles.Selection : ThemeRoles.Text))));
        }

        return (rows, " runs - enter watches - p replays - esc closes ", selectedRow);
    }

    /// <summary>A checkout's heading: its folder's name, then its path cut from the start to fit, since its end says which it is.</summary>
    private static string Heading(string root, int width)
    {
        var name = Path.GetFileName(root) is { Length: > 0 } folder ? folder : root;
        var room = width - name.Length - 2;
        return room < 8 ? name : $"{name}  {ShortText.CutStart(root, room)}";
    }

    private static string Kind(RunKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The word the header would say: a Run Mode run's headline, a queue run's runner.</summary>
    private static string State(RunSummary run) =>
        run.Word is { } word ? word.Word
        : run.Queue is { } q ? Header.Runner(q, run.RunnerAlive).Word
        : "";

    private static string Where(RunSummary run)
    {
        if (run.Run is { } r)
        {
            // A finished run's phase is where it stopped, not what it does.
            var phase = run.Word!.Finished ? "" : $" · {WireName.Of(r.Phase)}";
            return $"{r.Target}{phase} · cycle {r.CycleCurrent}/{r.CycleLimit}";
        }

        var counts = Enum.GetValues<JobState>().Where(s => run.Jobs.GetValueOrDefault(s) > 0).Select(s => $"{run.Jobs[s]} {s.Wire()}").ToList();
        return counts.Count == 0 ? "no jobs yet" : string.Join(" · ", counts);
    }
}
