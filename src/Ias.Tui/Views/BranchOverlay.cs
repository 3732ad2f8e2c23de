using System.Globalization;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>
/// The run's branch over the panes, as tig shows one: the PR (its URL, or where its text is), then the commits over the
/// base branch, newest first, with what each changed; enter opens one commit's message, stat and patch.
/// </summary>
public static class BranchOverlay
{
    /// <summary>The rows and the title of the overlay; the caller frames them and scrolls by <see cref="DashboardState.BranchTop"/>.</summary>
    public static (IReadOnlyList<IRenderable> Rows, string Title, int Selected) Rows(BranchSight sight, DashboardState state, Theme theme, int width)
    {
        ArgumentNullException.ThrowIfNull(sight);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(theme);
        var view = sight.View;
        if (state.BranchCommit is { } sha && sight.Shown is { } lines)
        {
            var shown = lines.Select(l => (IRenderable)Pieces.Line((Pieces.Fit(l.Replace('\t', ' '), width), theme.Style(LineRole(l))))).ToList();
            return (shown, $" {sha[..Math.Min(7, sha.Length)]} - j/k scroll - esc back ", -1);
        }

        var rows = new List<IRenderable>
        {
            Pieces.Line((Pieces.Fit(Pr(view), width), theme.Style(ThemeRoles.Text))),
            Pieces.Line((Pieces.Fit($"{view.Commits.Count} commit(s) on {view.Branch} over {view.BaseBranch}", width), theme.Style(ThemeRoles.TextDim))),
        };
        var selected = Math.Clamp(state.BranchSelected, 0, Math.Max(0, view.Commits.Count - 1));
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
