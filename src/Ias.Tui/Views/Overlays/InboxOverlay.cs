using System.Globalization;
using Ias.Core.Decisions;
using Ias.Core.Storage;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// Every question that waits for a person over the panes, oldest first, from every run of the checkout: each one's id, who
/// asked and where, how long it has waited and its text; the selected one whole below the list when there is room.
/// </summary>
public sealed class InboxOverlay : IOverlay
{
    public string Id => "inbox";

    public DashboardCommand Opens => DashboardCommand.Inbox;

    public bool Live => true;

    public OverlayFacts Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (snap, painter) = (context.Snapshot, context.Painter);
        var (rows, title, selected) = Rows(snap.Questions, context.Open, snap.Status.Now, painter.Theme, painter.ListWidth - 2, painter.Buffer.Height - 4);
        painter.List(rows, title, selected, 0);
        return new OverlayFacts([.. snap.Questions.Select(q => q.Id)]);
    }

    // The list keeps the moving keys; enter types an answer to the selected question in the footer, the list still open.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (open, questions) = (context.Open, context.Facts.Items);
        if (context.Closes)
        {
            return context.Stay(null);
        }

        var at = open with { Selected = Math.Clamp(open.Selected, 0, Math.Max(0, questions.Count - 1)) };
        return context.Stay(context.Command == DashboardCommand.Open && questions.Count > 0
            ? new Mode.Typing(new LineEditor(LinePurpose.Answer, Asking: (string)questions[at.Selected]), at)
            : open.Move(context.Command, questions.Count) ?? open);
    }

    /// <summary>The rows and the title of the overlay, and the row of the selection; the caller frames them and keeps the selection in view.</summary>
    private static (IReadOnlyList<IRenderable> Rows, string Title, int Selected) Rows(IReadOnlyList<Decision> questions, Mode.Overlay open, DateTimeOffset now, Theme theme, int width, int height)
    {
        var dim = theme.Style(ThemeRoles.TextDim);
        if (questions.Count == 0)
        {
            return ([Pieces.Line((Pieces.Fit("no question waits for an answer: the agents go on", width), theme.Style(ThemeRoles.Text)))], " inbox - esc closes ", -1);
        }

        var legend = $"{questions.Count} question{(questions.Count == 1 ? "" : "s")} wait{(questions.Count == 1 ? "s" : "")}, oldest first, with how long";
        var rows = new List<IRenderable> { Pieces.Line((Pieces.Fit(legend, width), dim)) };
        var selected = Math.Clamp(open.Selected, 0, questions.Count - 1);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var style = theme.Style(i == selected ? ThemeRoles.Selection : ThemeRoles.Text);
            rows.Add(Pieces.Line((Pieces.Fit($"{q.Id,-4} {Fmt.Waited(now - q.Asked),-6} {Who(q)}", width), style)));
            rows.Add(Pieces.Line((Pieces.Fit($"     {ShortText.CutAtWord(ShortText.JoinLines(q.Question, tabsToo: true), Math.Max(1, width - 5))}", width), i == selected ? style : dim)));
        }

        // The selected question whole, when the list and it fit together: a long question is read before it is answered.
        var chosen = questions[selected];
        var asked = Pieces.Wrap(string.Create(CultureInfo.InvariantCulture, $"{chosen.Id} asked {chosen.Asked.UtcDateTime:MM-dd HH:mm} UTC by the {Who(chosen)}:"), width);
        var whole = Pieces.Wrap(chosen.Question.Trim(), width);
        if (rows.Count + 1 + asked.Count + whole.Count <= height)
        {
            rows.Add(Pieces.Line((" ", dim)));
            rows.AddRange(asked.Select(l => Pieces.Line((Pieces.Fit(l, width), theme.Style(ThemeRoles.HelpTitle)))));
            rows.AddRange(whole.Select(l => Pieces.Line((Pieces.Fit(l, width), theme.Style(ThemeRoles.Text)))));
        }

        return (rows, " inbox - enter answers - esc closes ", (selected * 2) + 2);
    }

    /// <summary>
    /// Who asked, and where: "implementer of run-… · IMPLEMENT, cycle 1", "auditor of queue run nightly · job 0008-auditor,
    /// attempt 1", and for a shared queue's question the machine whose runner asked ("… on build-2").
    /// </summary>
    private static string Who(Decision q) => $"{q.Role} of {(q.OfQueueJob ? "queue run " : "")}{q.Run} · {q.Where}{(q.Host is { } host ? $" on {host}" : "")}";
}
