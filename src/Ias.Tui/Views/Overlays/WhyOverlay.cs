using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// Why the run stopped, whole, over the panes (e): its badge and its halt reason wrapped to the width, where the header
/// has room for a few words of it; then the last turn that failed, how its agent exited and the last lines the agent
/// wrote to stderr, which is where a crash says why. j/k scroll it when it is longer than the screen.
/// </summary>
public sealed class WhyOverlay : IOverlay
{
    /// <summary>The most lines of the failed agent's stderr shown; the job folder's stderr.log has them all.</summary>
    public const int StderrLines = 40;

    public string Id => "why";

    public DashboardCommand Opens => DashboardCommand.Why;

    public bool Live => true;

    public OverlayFacts Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var painter = context.Painter;
        var rows = new Sheet(painter.Theme, painter.ListWidth - 2);
        Stopped(context.Snapshot, rows);
        if (EngineKeys.FailedJob(context.Snapshot) is { JobDir: { } dir } job)
        {
            Failed(job, context.Sources.Turn(dir, StderrLines), dir, rows);
        }

        if (rows.All.Count == 0)
        {
            rows.Wrapped(EngineKeys.WhyNoFailure(context.Snapshot) ?? "", ThemeRoles.Text);
        }

        var (lastTop, visible) = painter.List(rows.All, " why - j/k scroll - esc closes ", -1, context.Open.Top);
        return new OverlayFacts([], lastTop, visible);
    }

    // The moving keys scroll the overlay rather than the panes beneath it.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Stay(context.Closes ? null : context.Open.Scroll(context.Command, context.Facts.LastTop, context.Facts.Visible) ?? context.Open);
    }

    /// <summary>The run's badge, which run it is, and the whole of why it stopped.</summary>
    private static void Stopped(EngineSnapshot snap, Sheet rows)
    {
        if (snap.Status.Run is { } run)
        {
            var head = Headline.Of(snap.Word!, run.State);
            rows.Badge(head.Word, head.Role, $"{run.Target} · cycle {run.CycleCurrent}/{run.CycleLimit} · {run.RunId}");
            rows.Wrapped(run.HaltReason ?? head.Why ?? $"the run is {WireName.Of(run.State).ToLowerInvariant()}: nothing stopped it", ThemeRoles.Text);
            rows.Blank();
        }
        else if (snap.Queue is { } queue)
        {
            var (word, role) = Header.Runner(queue.Run, queue.RunnerAlive, queue.Runners);
            rows.Badge(word, role, $"queue run {queue.Run.Name}");
            if (queue.Run.ParkedReason is { } parked)
            {
                rows.Wrapped(parked, ThemeRoles.Text);
            }

            rows.Blank();
        }
    }

    /// <summary>The failed turn: which step or job, how its agent exited, its stderr's last lines, and where its folder is.</summary>
    private static void Failed(JobRow job, TurnEnd? end, string dir, Sheet rows)
    {
        var what = job.Name is { } name ? $"job {name}" : $"{(job.Sprint is { } sprint ? sprint + " " : "")}c{job.Cycle} {WireName.Of(job.Phase)} {job.Role?.Wire ?? "-"}";
        rows.Wrapped($"the last turn that failed: {what}{(job.Attempts > 1 ? $", attempt {job.Attempts}" : "")}", ThemeRoles.HelpTitle);

        // A queue job keeps why it failed; a phase of a run says it in the halt reason above.
        if (job.Name is not null && job.Outcome is { } outcome)
        {
            rows.Wrapped(outcome, ThemeRoles.Text);
        }

        rows.Wrapped(end switch
        {
            null => "its job folder cannot be read here",
            { ExitCode: null } => "its agent left no exit code: the engine stopped during the turn",
            { Stderr.Count: 0 } => $"its agent exited {end.ExitCode} and wrote nothing to stderr",
            { Earlier: true } => $"its agent exited {end.ExitCode}; the last {end.Stderr.Count} lines it wrote to stderr:",
            _ => $"its agent exited {end.ExitCode}; what it wrote to stderr:",
        }, ThemeRoles.TextDim);
        foreach (var line in end?.Stderr ?? [])
        {
            rows.Wrapped(line, ThemeRoles.LogError);
        }

        rows.Blank();
        rows.Wrapped($"job folder: {dir}", ThemeRoles.TextDim);
    }

    /// <summary>The overlay's rows as they are made, each at most <paramref name="width"/> columns.</summary>
    private sealed class Sheet(Theme theme, int width)
    {
        public List<IRenderable> All { get; } = [];

        public void Badge(string word, string role, string rest) =>
            All.Add(Pieces.Line(($" {word} ", theme.Style(role)), (Pieces.Fit($" {rest}", Math.Max(0, width - word.Length - 2)), theme.Style(ThemeRoles.TextDim))));

        public void Wrapped(string text, string role) =>
            All.AddRange(Pieces.Wrap(text, width).Select(l => Pieces.Line((Pieces.Fit(l, width), theme.Style(role)))));

        public void Blank() => All.Add(Pieces.Line((" ", theme.Style(ThemeRoles.Text))));
    }
}
