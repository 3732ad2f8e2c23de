using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>The queue: one row per job (a phase of a cycle) with status glyph, role, attempts and duration.</summary>
public static class QueuePane
{
    public static IRenderable Render(EngineSnapshot snap, int selected, Theme theme, Glyphs glyphs, int width, int height)
    {
        if (snap.Jobs.Count == 0)
        {
            return Pieces.Fill([Pieces.Line(("no jobs yet", theme.Style(ThemeRoles.TextDim)))], height);
        }

        // Keep the selection in view, as close to the middle as the list allows.
        var top = Math.Clamp(selected - (height / 2), 0, Math.Max(0, snap.Jobs.Count - height));
        var rows = new List<IRenderable>();
        foreach (var (job, i) in snap.Jobs.Select((j, i) => (j, i)).Skip(top).Take(height))
        {
            var (glyph, role) = Glyph(job.Status, glyphs);
            var end = job.Ended ?? snap.Status.Now;
            var duration = job.Status == JobStatus.Pending ? "" : Fmt.Duration(end - job.Started);
            var findings = job.Findings > 0 ? $" !{job.Findings}" : "";
            var attempts = job.Attempts > 1 ? $" ×{job.Attempts}" : "";
            var text = $" c{job.Cycle} {WireName.Of(job.Phase),-9} {job.Role,-11}{attempts}{findings}";
            var body = Pieces.Fit(text, Math.Max(0, width - 2 - duration.Length - 1)) + " " + duration;
            var selectedRow = i == selected;
            rows.Add(Pieces.Line(
                (glyph, selectedRow ? theme.Style(ThemeRoles.Selection) : theme.Style(role)),
                (body, selectedRow ? theme.Style(ThemeRoles.Selection) : theme.Style(ThemeRoles.Text))));
        }

        return Pieces.Fill(rows, height);
    }

    public static (string Glyph, string Role) Glyph(JobStatus status, Glyphs g) => status switch
    {
        JobStatus.Running => (g.Running, ThemeRoles.JobRunning),
        JobStatus.Done => (g.Done, ThemeRoles.JobDone),
        JobStatus.Failed => (g.Failed, ThemeRoles.JobFailed),
        JobStatus.Halted => (g.Halted, ThemeRoles.JobHalted),
        _ => (g.Pending, ThemeRoles.JobPending),
    };
}
