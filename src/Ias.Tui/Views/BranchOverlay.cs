using System.Globalization;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>
/// The run's branch over the panes, as tig shows one: the PR (its URL, or where its text is), then the commits over the
/// base branch, newest first, with what each changed; enter opens one commit's message, stat and patch.
/// </summary>
public sealed class BranchOverlay : IOverlay
{
    public string Id => "branch";

    public DashboardCommand Opens => DashboardCommand.Branch;

    /// <summary>The list with its selection kept in view, or the opened commit from its first line in view; nothing without a Run Mode run.</summary>
    public OverlayFacts? Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Sources.Branch(context.Snapshot, context.Open.Opened) is not { } sight)
        {
            return null;
        }

        var (rows, title, selected) = Rows(sight, context.Open, context.Painter.Theme, context.Painter.ListWidth - 2);
        var (lastTop, visible) = context.Painter.List(rows, title, selected, context.Open.Top);
        return new OverlayFacts([.. sight.View.Commits.Select(c => c.Sha)], lastTop, visible);
    }

    // The overlay keeps the moving keys: over the list they move the selection, over an opened commit they scroll it.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (open, shas) = (context.Open, context.Facts.Items);
        if (context.Closes)
        {
            return context.Stay(open.Opened is null ? null : open with { Opened = null, Top = 0 });
        }

        if (open.Opened is not null)
        {
            return context.Stay(open.Scroll(context.Command, context.Facts.LastTop, context.Facts.Visible) ?? open);
        }

        return context.Stay(context.Command == DashboardCommand.Open && shas.Count > 0
            ? open with { Opened = (string)shas[Math.Clamp(open.Selected, 0, shas.Count - 1)], Top = 0 }
            : open.Move(context.Command, shas.Count) ?? open);
    }

    /// <summary>The rows and the title of the overlay, and the row of the selection (-1: none, scroll from <see cref="Mode.Overlay.Top"/>).</summary>
    private static (IReadOnlyList<IRenderable> Rows, string Title, int Selected) Rows(BranchSight sight, Mode.Overlay open, Theme theme, int width)
    {
        var view = sight.View;
        if (open.Opened is { } sha && sight.Shown is { } lines)
        {
            var shown = lines.Select(l => (IRenderable)Pieces.Line((Pieces.Fit(l.Replace('\t', ' '), width), theme.Style(LineRole(l))))).ToList();
            return (shown, $" {sha[..Math.Min(7, sha.Length)]} - j/k scroll - esc back ", -1);
        }

        var rows = new List<IRenderable>
        {
            Pieces.Line((Pieces.Fit(Pr(view), width), theme.Style(ThemeRoles.Text))),
            Pieces.Line((Pieces.Fit($"{view.Commits.Count} commit(s) on {view.Branch} over {view.BaseBranch}", width), theme.Style(ThemeRoles.TextDim))),
        };
        var selected = Math.Clamp(open.Selected, 0, Math.Max(0, view.Commits.Count - 1));
        for (var i = 0; i < view.Commits.Count; i++)
        {
            var c = view.Commits[i];
            var text = string.Create(CultureInfo.InvariantCulture, $"{c.Short} {c.When.UtcDateTime:MM-dd HH:mm} +{c.Added} -{c.Removed} {c.Files}f  {c.Subject}");
            rows.Add(Pieces.Line((Pieces.Fit(text, width), theme.Style(i == selected ? ThemeRoles.Selection : ThemeRoles.Text))));
        }

        return (rows, $" branch {view.Branch} - enter opens - esc closes ", view.Commits.Count == 0 ? -1 : selected + 2);
    }

    private static string Pr(Ias.Core.Snapshots.BranchView view) =>
        view.PrUrl is { } url ? $"draft PR: {url}"
        : view.PrFile is { } file ? $"PR text: {file}"
        : "no PR yet: its text goes to .run/pr.md when the sprint passes";

    private static string LineRole(string line) => line switch
    {
        ['+', ..] when !line.StartsWith("+++", StringComparison.Ordinal) => ThemeRoles.JobDone,
        ['-', ..] when !line.StartsWith("---", StringComparison.Ordinal) => ThemeRoles.JobFailed,
        ['@', '@', ..] => ThemeRoles.LogTool,
        _ when line.StartsWith("commit ", StringComparison.Ordinal) => ThemeRoles.HelpTitle,
        _ => ThemeRoles.Text,
    };
}
