using System.Globalization;
using Ias.Core.Snapshots;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// The run's branch over the panes, as tig shows one: the PR (its URL, or where its text is), then the commits over the
/// base branch, newest first, with what each changed; enter opens one commit's message, stat and patch. On a queue run,
/// the selected job's commits the same way, with the files they changed; a job with none here says why in the footer.
/// </summary>
public sealed class BranchOverlay : IOverlay
{
    /// <summary>The most of a job's changed files its line names; the line is cut at the overlay's width long before.</summary>
    private const int MostFilesNamed = 50;

    public string Id => "branch";

    public DashboardCommand Opens => DashboardCommand.Branch;

    public bool Live => true;

    /// <summary>
    /// The list with its selection kept in view, or the opened commit from its first line in view; nothing without a Run
    /// Mode run; on a queue run, why when the selected job has no commits here.
    /// </summary>
    public OverlayFacts? Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (sight, why) = context.Snapshot.Queue is { } queue ? SelectedJob(context, queue) : (context.Sources.Branch(context.Snapshot, context.Open.Opened), null);
        if (sight is null)
        {
            return why is null ? null : OverlayFacts.Decline(why);
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

    /// <summary>The commits of the queue's selected job, or why it has none to show.</summary>
    private static (BranchSight? Sight, string? Why) SelectedJob(OverlayRenderContext context, QueueSnapshot queue)
    {
        var snap = context.Snapshot;
        var row = snap.Jobs.Count == 0 ? null : snap.Jobs[context.State.SelectedIndex(snap)];
        if (queue.Jobs.FirstOrDefault(j => j.Id == row?.Name) is not { } job)
        {
            return (null, JobKeys.WhyNoBranch(snap) ?? JobKeys.NoJob);
        }

        if (JobKeys.WhyNoCommits(job) is { } why)
        {
            return (null, why);
        }

        return context.Sources.JobBranch(snap, job.Id, context.Open.Opened) is { } sight ? (sight, null) : (null, JobKeys.NotHere(job, row?.Where));
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
        if (view.ChangedFiles.Count > 0)
        {
            rows.Add(Pieces.Line((Pieces.Fit($"{view.ChangedFiles.Count} file(s) changed: {string.Join(", ", view.ChangedFiles.Take(MostFilesNamed))}", width), theme.Style(ThemeRoles.TextDim))));
        }

        var above = rows.Count;
        var selected = Math.Clamp(open.Selected, 0, Math.Max(0, view.Commits.Count - 1));
        for (var i = 0; i < view.Commits.Count; i++)
        {
            var c = view.Commits[i];
            var text = string.Create(CultureInfo.InvariantCulture, $"{c.Short} {c.When.UtcDateTime:MM-dd HH:mm} +{c.Added} -{c.Removed} {c.Files}f  {c.Subject}");
            rows.Add(Pieces.Line((Pieces.Fit(text, width), theme.Style(i == selected ? ThemeRoles.Selection : ThemeRoles.Text))));
        }

        var title = view.Job is { } id ? $" job {id} - enter opens - esc closes " : $" branch {view.Branch} - enter opens - esc closes ";
        return (rows, title, view.Commits.Count == 0 ? -1 : selected + above);
    }

    private static string Pr(BranchView view) =>
        view.PrUrl is { } url ? $"draft PR: {url}"
        : view.PrFile is { } file ? $"PR text: {file}"
        : view.Job is null ? "no PR yet: its text goes to .run/pr.md when the sprint passes"
        : "no PR recorded for this job (a team's queue opens a draft PR when a job's commit is pushed)";

    private static string LineRole(string line) => line switch
    {
        ['+', ..] when !line.StartsWith("+++", StringComparison.Ordinal) => ThemeRoles.JobDone,
        ['-', ..] when !line.StartsWith("---", StringComparison.Ordinal) => ThemeRoles.JobFailed,
        ['@', '@', ..] => ThemeRoles.LogTool,
        _ when line.StartsWith("commit ", StringComparison.Ordinal) => ThemeRoles.HelpTitle,
        _ => ThemeRoles.Text,
    };
}
