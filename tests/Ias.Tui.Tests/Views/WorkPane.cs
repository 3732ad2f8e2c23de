using Ias.Core.Snapshots;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// A fifth pane that exists only in the tests, written the way a real one is: this one file, plus one registry line
/// (<see cref="AddingAPaneTests.Panes"/>) and its golden screens. It shows the run's commits, file changes and fixed
/// findings, and w while it has the focus counts the findings as open instead.
/// </summary>
public sealed class WorkPane : IPane
{
    public string Id => "work";

    public string Title => "Work";

    public string Key => "5";

    public string KeyDescription => "focus the work done";

    public IReadOnlyList<DashboardCommand> Commands => [DashboardCommand.Wrap];

    public PaneSlot Slot { get; } = new(WideColumn.Left, WideRows: _ => 5, StackBand.Bottom, StackedRows: _ => 8);

    public PaneContent Render(PaneRenderContext context)
    {
        var (snap, _, _, theme, _, _, height) = context;
        if (snap.Status.Run is not { } run)
        {
            return new PaneContent(Pieces.Fill([Pieces.Line(("no run", theme.Style(ThemeRoles.TextDim)))], height), 1);
        }

        string[] lines = [$"commits  {run.Commits}", $"files    {run.FilesChanged}", $"fixed    {run.FindingsFixed}"];
        return new PaneContent(Pieces.Fill(lines.Select(l => Pieces.Line((l, theme.Style(ThemeRoles.Text)))), height), lines.Length, $"{run.Commits} commit(s)");
    }

    /// <summary>Only the log's own keys are left to the others; wrap, while focused here, is taken to show it reaches the pane.</summary>
    public DashboardState? Handle(PaneKeyContext context) =>
        context is { Command: DashboardCommand.Wrap, Focused: true } ? context.State with { Message = "work: nothing to wrap" } : null;

    public string Fingerprint(EngineSnapshot snapshot) =>
        (snapshot.Status.Run?.Commits, snapshot.Status.Run?.FilesChanged, snapshot.Status.Run?.FindingsFixed).ToString();
}
