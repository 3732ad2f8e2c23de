using Ias.Core.Jobs.Records;
using Ias.Core.Plans;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Panes;

/// <summary>
/// The queue: the sprint plan's sprints (when a plan runs), then one row per job (a phase of a cycle; an earlier sprint's
/// named by its sprint) with status glyph, role, attempts and duration. The moving keys choose the job whose log shows, whichever pane has the focus, unless
/// the focused pane scrolls with them itself.
/// </summary>
public sealed class QueuePane : IPane
{
    public string Id => "queue";

    public string Title => "Queue";

    public string Key => "1";

    public string KeyDescription => "focus the queue";

    /// <summary>The moving keys choose a job; enter opens its log.</summary>
    public IReadOnlyList<DashboardCommand> Commands { get; } =
        [DashboardCommand.Down, DashboardCommand.Up, DashboardCommand.PageDown, DashboardCommand.PageUp, DashboardCommand.Top, DashboardCommand.Bottom, DashboardCommand.Open];

    public PaneSlot Slot { get; } = new(WideColumn.Left, WideRows: null, StackBand.Top, StackedRows: rows => Math.Max(5, rows / 3));

    public PaneContent Render(PaneRenderContext context)
    {
        var (snap, state, _, theme, glyphs, width, height) = context;
        var planRows = snap.Plan is { } plan ? PlanRows(plan, theme, glyphs, width, Math.Max(0, height / 2)) : [];
        var room = height - planRows.Count;
        var selected = state.SelectedIndex(snap);
        var jobs = Jobs(snap, selected, theme, glyphs, width, room);
        return new PaneContent(planRows.Count == 0 ? jobs : new Rows([.. planRows, jobs]), snap.Jobs.Count, More(snap.Jobs.Count, Top(selected, snap.Jobs.Count, room), room));
    }

    public DashboardState? Handle(PaneKeyContext context)
    {
        var (command, s, facts, _, _) = context;
        var lastJob = Math.Max(0, facts.Jobs - 1);
        var page = Math.Max(1, facts.Of(this).Height - 1);
        return command switch
        {
            DashboardCommand.Down => Select(s, s.Selected + 1, lastJob),
            DashboardCommand.Up => Select(s, s.Selected - 1, lastJob),
            DashboardCommand.PageDown => Select(s, s.Selected + page, lastJob),
            DashboardCommand.PageUp => Select(s, s.Selected - page, lastJob),
            DashboardCommand.Top => Select(s, 0, lastJob),
            DashboardCommand.Bottom => s with { Selected = lastJob, Follow = true },
            _ => null,
        };
    }

    /// <summary>Every job's row, by its values, and the plan's progress.</summary>
    public string Fingerprint(EngineSnapshot snapshot) =>
        (snapshot.Jobs.Count, RowsLook.Of(snapshot.Jobs).Hash, snapshot.Plan?.State, snapshot.Plan?.Completed, snapshot.Plan?.Current).ToString();

    private static DashboardState Select(DashboardState s, int index, int last) =>
        s with { Selected = Math.Clamp(index, 0, last), Follow = false, LogTop = 0 };

    /// <summary>A summary line, then one row per sprint of the plan with its status, at most <paramref name="max"/> rows around the current one.</summary>
    private static List<IRenderable> PlanRows(SprintPlanState plan, Theme theme, Glyphs glyphs, int width, int max)
    {
        if (max < 1)
        {
            return [];
        }

        var current = Math.Max(0, plan.Sprints.ToList().FindIndex(s => s.Id == plan.Current));
        var shown = plan.Sprints.Skip(Math.Clamp(current - ((max - 1) / 2), 0, Math.Max(0, plan.Sprints.Count - (max - 1)))).Take(max - 1);
        var rows = new List<IRenderable>
        {
            Pieces.Line((Pieces.Fit($"plan {plan.Completed}/{plan.Sprints.Count} {WireName.Of(plan.State)}{(plan.Current is { } now ? $" · {now}" : "")}", Math.Max(0, width - 2)), theme.Style(ThemeRoles.TextDim))),
        };
        foreach (var s in shown)
        {
            var status = s.Status switch
            {
                PlanSprintStatus.Completed => JobStatus.Done,
                PlanSprintStatus.InProgress when plan.State == Core.Cycles.Lifecycle.RunState.Running => JobStatus.Running,
                PlanSprintStatus.InProgress => JobStatus.Halted,
                _ => JobStatus.Pending,
            };
            var (glyph, role) = Glyph(status, glyphs);
            var words = s.Skipped ? "skipped" : WireName.Of(s.Status).ToLowerInvariant().Replace('_', ' ');
            var cycles = s.Cycles is { } c && !s.Skipped ? $" {c}c" : "";
            rows.Add(Pieces.Line((glyph, theme.Style(role)), (Pieces.Fit($" {s.Id,-10} {words}{cycles}", Math.Max(0, width - 3)), theme.Style(ThemeRoles.Text))));
        }

        return rows;
    }

    private static IRenderable Jobs(EngineSnapshot snap, int selected, Theme theme, Glyphs glyphs, int width, int height)
    {
        if (snap.Jobs.Count == 0)
        {
            return Pieces.Fill([Pieces.Line(("no jobs yet", theme.Style(ThemeRoles.TextDim)))], height);
        }

        var top = Top(selected, snap.Jobs.Count, height);
        var rows = new List<IRenderable>();
        for (var i = top; i < Math.Min(snap.Jobs.Count, top + height); i++)
        {
            var job = snap.Jobs[i];
            var (glyph, role) = Glyph(job.Status, glyphs);
            var end = job.Ended ?? snap.Status.Now;
            var duration = job.Status.Waits() ? "" : Fmt.Duration(end - job.Started);
            var findings = job.Findings > 0 ? $" !{job.Findings}" : "";
            var attempts = job.Attempts > 1 ? $" ×{job.Attempts}" : "";
            var text = job.Name is { } name
                ? $" {name,-16} {job.Agent ?? "-",-6}{attempts}{Used(job.Usage)}{(job.Waiting is { } wait ? $" {wait}" : "")}{(job.Where is { } where ? $" {where}" : "")}{(job.PrUrl is { } pr ? $" {pr}" : "")}"
                : $" {(job.Sprint is { } sprint ? sprint + " " : "")}c{job.Cycle} {WireName.Of(job.Phase),-9} {job.Role?.Wire ?? "-",-11}{attempts}{findings}";
            var body = Pieces.Fit(text, Math.Max(0, width - 2 - duration.Length - 1)) + " " + duration;
            var selectedRow = i == selected;
            rows.Add(Pieces.Line(
                (glyph, selectedRow ? theme.Style(ThemeRoles.Selection) : theme.Style(role)),
                (body, selectedRow ? theme.Style(ThemeRoles.Selection) : theme.Style(ThemeRoles.Text))));
        }

        return Pieces.Fill(rows, height);
    }

    /// <summary>The first job row in view: the selection stays in view, as close to the middle as the list allows.</summary>
    private static int Top(int selected, int count, int height) => Math.Clamp(selected - (height / 2), 0, Math.Max(0, count - height));

    /// <summary>How many rows are out of view above and below, for the frame's title ("↑3 ↓5"); null when all show.</summary>
    private static string? More(int count, int top, int height)
    {
        var below = Math.Max(0, count - top - Math.Max(0, height));
        return top == 0 && below == 0 ? null : string.Join(" ", new[] { top > 0 ? $"↑{top}" : null, below > 0 ? $"↓{below}" : null }.OfType<string>());
    }

    /// <summary>A queue job's tokens and cost so far, once it has used any.</summary>
    private static string Used(JobUsage usage) =>
        usage.TokensIn + usage.TokensOut == 0 && usage.CostUsd is null ? ""
            : $" {Fmt.Tokens(usage.TokensIn)}/{Fmt.Tokens(usage.TokensOut)} tok{(usage.CostUsd is { } cost ? $" {Fmt.Money(cost)}" : "")}";

    private static (string Glyph, string Role) Glyph(JobStatus status, Glyphs g) => status switch
    {
        JobStatus.Running => (g.Running, ThemeRoles.JobRunning),
        JobStatus.Done => (g.Done, ThemeRoles.JobDone),
        JobStatus.Failed => (g.Failed, ThemeRoles.JobFailed),
        JobStatus.Halted => (g.Halted, ThemeRoles.JobHalted),
        JobStatus.Blocked => (g.Blocked, ThemeRoles.JobHalted),
        JobStatus.HeldBack => (g.HeldBack, ThemeRoles.JobPending),
        _ => (g.Pending, ThemeRoles.JobPending),
    };
}
