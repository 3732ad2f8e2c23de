using System.Collections.Frozen;
using System.Text;

namespace Ias.Tui.Theming;

/// <summary>Every role a theme styles, in one table: views name roles through these constants, theme files by their names.</summary>
public static class ThemeRoles
{
    public const string HeaderTitle = "header.title";
    public const string HeaderText = "header.text";
    public const string HeaderStateReady = "header.state.ready";
    public const string HeaderStateJackIn = "header.state.jack_in";
    public const string HeaderStateRunning = "header.state.running";
    public const string HeaderStateHalted = "header.state.halted";
    public const string HeaderStateTripped = "header.state.tripped";
    public const string HeaderStateComplete = "header.state.complete";
    public const string HeaderStateJackedOut = "header.state.jacked_out";
    public const string PaneBorder = "pane.border";
    public const string PaneBorderFocused = "pane.border.focused";
    public const string PaneTitle = "pane.title";
    public const string PaneTitleFocused = "pane.title.focused";
    public const string Text = "text";
    public const string TextDim = "text.dim";
    public const string Selection = "selection";
    public const string FooterKey = "footer.key";
    public const string FooterKeyDisabled = "footer.key.disabled";
    public const string FooterText = "footer.text";
    public const string HelpTitle = "help.title";
    public const string HelpKey = "help.key";
    public const string HelpText = "help.text";
    public const string JobPending = "job.pending";
    public const string JobRunning = "job.running";
    public const string JobDone = "job.done";
    public const string JobFailed = "job.failed";
    public const string JobHalted = "job.halted";
    public const string LogTime = "log.time";
    public const string LogAssistant = "log.assistant";
    public const string LogTool = "log.tool";
    public const string LogToolResult = "log.tool_result";
    public const string LogRetry = "log.retry";
    public const string LogError = "log.error";
    public const string LogSystem = "log.system";
    public const string LogFilterMatch = "log.filter_match";
    public const string BreakerClosed = "breaker.closed";
    public const string BreakerOpen = "breaker.open";
    public const string BreakerHalfOpen = "breaker.half_open";
    public const string BarFill = "bar.fill";
    public const string BarWarn = "bar.warn";
    public const string BarDanger = "bar.danger";
    public const string BarEmpty = "bar.empty";
    public const string RateWaiting = "rate.waiting";
    public const string DialogBorder = "dialog.border";
    public const string DialogTitle = "dialog.title";
    public const string DialogText = "dialog.text";
    public const string DialogChoice = "dialog.choice";
    public const string DialogChoiceFocused = "dialog.choice.focused";
    public const string TooSmall = "too_small";

    /// <summary>All roles in the order the README and the help screen list them.</summary>
    public static IReadOnlyList<ThemeRole> All { get; } =
    [
        new(HeaderTitle, "The program name and run title in the top bar."),
        new(HeaderText, "Other top-bar text: branch, sprint, cycle, phase."),
        new(HeaderStateReady, "The run state READY in the top bar."),
        new(HeaderStateJackIn, "The run state JACK_IN (pre-flight checks) in the top bar."),
        new(HeaderStateRunning, "RUNNING in the top bar: an agent is at work."),
        new(HeaderStateHalted, "HALTED in the top bar: stopped by a person or an error, r resumes it; its reason follows."),
        new(HeaderStateTripped, "TRIPPED in the top bar: halted with the circuit breaker open; its trigger follows."),
        new(HeaderStateComplete, "COMPLETE or DONE in the top bar: the sprint passed review and audit (DONE: and was published)."),
        new(HeaderStateJackedOut, "ENDED in the top bar: a halted run ended for good (JACKED_OUT after a halt); its reason follows."),
        new(PaneBorder, "The border of a pane without focus."),
        new(PaneBorderFocused, "The border of the pane with focus."),
        new(PaneTitle, "The title of a pane without focus."),
        new(PaneTitleFocused, "The title of the pane with focus."),
        new(Text, "Ordinary text."),
        new(TextDim, "Secondary text: hints, counts, empty-pane notes."),
        new(Selection, "The selected row of a list."),
        new(FooterKey, "A key in the footer hint bar."),
        new(FooterKeyDisabled, "A footer key that does nothing right now."),
        new(FooterText, "What a footer key does."),
        new(HelpTitle, "Headings on the ? help screen."),
        new(HelpKey, "Keys on the ? help screen."),
        new(HelpText, "Descriptions on the ? help screen."),
        new(JobPending, "A queued job that has not started."),
        new(JobRunning, "The job an agent is working on."),
        new(JobDone, "A finished job."),
        new(JobFailed, "A job that failed."),
        new(JobHalted, "A job stopped by a halt."),
        new(LogTime, "The time at the start of a log line."),
        new(LogAssistant, "Text the agent wrote."),
        new(LogTool, "A tool call by the agent."),
        new(LogToolResult, "The result of a tool call."),
        new(LogRetry, "An API retry or a restarted agent."),
        new(LogError, "An error line."),
        new(LogSystem, "A line from ias itself: phase changes, commits, breaker events."),
        new(LogFilterMatch, "The text a / filter matched."),
        new(BreakerClosed, "The circuit breaker while closed (work goes on)."),
        new(BreakerOpen, "The circuit breaker while open (tripped, run halted)."),
        new(BreakerHalfOpen, "The circuit breaker while half open (one trial cycle)."),
        new(BarFill, "The filled part of a gauge below its warning level."),
        new(BarWarn, "The filled part of a gauge past its warning level."),
        new(BarDanger, "The filled part of a gauge near its limit."),
        new(BarEmpty, "The empty part of a gauge."),
        new(RateWaiting, "The countdown while the hourly rate limit makes the run wait."),
        new(DialogBorder, "The border of a confirm dialog."),
        new(DialogTitle, "The title of a confirm dialog."),
        new(DialogText, "The question in a confirm dialog."),
        new(DialogChoice, "A dialog answer that is not selected."),
        new(DialogChoiceFocused, "The selected dialog answer."),
        new(TooSmall, "The \"terminal too small\" screen."),
    ];

    private static readonly FrozenSet<string> Names = All.Select(r => r.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether a name is one of the roles above (names are case-sensitive).</summary>
    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>A Markdown table of every role and what it colours, for the README.</summary>
    public static string Markdown()
    {
        var table = new StringBuilder();
        table.Append("| Role | What it colours |\n");
        table.Append("|---|---|\n");
        foreach (var role in All)
        {
            table.Append("| `").Append(role.Name).Append("` | ").Append(role.Description.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }

        return table.ToString();
    }
}
