using System.Globalization;
using Ias.Core.Reports;
using Ias.Core.Safety;

namespace Ias.Tui.Views;

/// <summary>
/// A <see cref="MorningReport"/> as lines of text, most urgent first: what needs the person (each with the one command that
/// carries it on, alone on its line so a triple-click copies exactly it), what was done, what it cost. `ias report` prints
/// them and the dashboard's morning screen shows them; every text is inert.
/// </summary>
public static class ReportText
{
    /// <summary>At most this many draft PRs or job ids are listed in one place; the rest are counted.</summary>
    public const int ListLimit = 5;

    public static IReadOnlyList<string> Lines(MorningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { $"{InertText.Line(report.Root)}: {Window(report)}" };
        if (report.Quiet)
        {
            lines.Add("nothing happened and nothing waits for you");
        }

        Needs(report, lines);
        Done(report, lines);
        Cost(report, lines);
        foreach (var unread in report.Unread)
        {
            lines.Add($"not read: {InertText.Line(unread)}");
        }

        return lines;
    }

    private static string Window(MorningReport r) =>
        $"since {Time(r.Since, r.Until)} ({Fmt.Waited(r.Until - r.Since)} ago)";

    private static void Needs(MorningReport report, List<string> lines)
    {
        if (report.Needs.Count == 0)
        {
            return;
        }

        lines.Add("");
        lines.Add($"NEEDS YOU ({report.Needs.Count})");
        foreach (var n in report.Needs)
        {
            var host = n.Host is null ? "" : $" on {InertText.Line(n.Host)}";
            var head = n.Kind switch
            {
                NeedKind.Question => $"  question {InertText.Line(n.Id ?? "")} of {InertText.Line(n.Run)}{host}, waiting {Fmt.Waited(report.Until - n.Since)}: {InertText.Line(n.What)}",
                NeedKind.Parked => $"  parked   {InertText.Line(n.Run)}{host} until {Time(n.Until ?? report.Until, report.Until)}: {InertText.Line(n.What)}",
                _ => $"  {Word(n.Kind),-8} {InertText.Line(n.Run)}{host}, since {Time(n.Since, report.Until)}: {InertText.Line(n.What)}",
            };
            lines.Add(head);
            if (n.Command is { } command)
            {
                lines.Add($"      {InertText.Line(command)}");
            }
        }
    }

    private static void Done(MorningReport report, List<string> lines)
    {
        if (report.Finished.Count == 0 && report.Jobs.Count == 0)
        {
            return;
        }

        lines.Add("");
        lines.Add("DONE");
        foreach (var f in report.Finished)
        {
            lines.Add($"  {f.Kind,-6} {InertText.Line(f.Id)}: {InertText.Line(f.Word)}, {Time(f.At, report.Until)}");
            if (f.PrUrl is { } pr)
            {
                lines.Add($"      {InertText.Line(pr)}");
            }
        }

        foreach (var t in report.Jobs)
        {
            var host = t.Host is null ? "" : $" on {InertText.Line(t.Host)}";
            lines.Add($"  queue  {InertText.Line(t.Run)}{host}: {t.Done} job(s) done, {t.FailedCount} failed");
            foreach (var f in t.Failed)
            {
                lines.Add($"      {f.Jobs.Count} {InertText.Line(f.Failure)}: {InertText.Line(f.Reason)} ({Listed(f.Jobs)})");
            }

            foreach (var pr in t.PullRequests.Take(ListLimit))
            {
                lines.Add($"      {InertText.Line(pr)}");
            }

            if (t.PullRequests.Count > ListLimit)
            {
                lines.Add($"      and {t.PullRequests.Count - ListLimit} more draft PR(s): ias status --run {InertText.Line(t.Run)}");
            }
        }
    }

    private static void Cost(MorningReport report, List<string> lines)
    {
        if (report.Agents.Count == 0)
        {
            return;
        }

        lines.Add("");
        lines.Add("COST");
        foreach (var a in report.Agents)
        {
            var host = a.Host is null ? "" : $" on {InertText.Line(a.Host)}";
            lines.Add($"  {InertText.Line(a.Agent)}{host}: {a.Calls} call(s), {Fmt.Tokens(a.TokensIn)} tokens in, {Fmt.Tokens(a.TokensOut)} out, {SpendCaps.Money(a.Usd)}, {Fmt.Waited(a.Time)} of agent time");
        }

        foreach (var r in report.Runs)
        {
            lines.Add($"  run {InertText.Line(r.Run)}: {SpendCaps.Money(r.Usd)}{Of(r.Cap, "ias.budget.run_usd")}");
        }

        lines.Add($"  today (UTC): {SpendCaps.Money(report.Today.Usd)}{Of(report.Today.Cap, "ias.budget.daily_usd")}");
    }

    private static string Of(decimal? cap, string key) => cap is { } c ? $" of {SpendCaps.Money(c)} ({key})" : "";

    private static string Word(NeedKind kind) => kind switch
    {
        NeedKind.Tripped => "TRIPPED",
        NeedKind.Halted => "HALTED",
        NeedKind.Unpublished => "UNPUBLISHED",
        NeedKind.OverBudget => "BUDGET",
        NeedKind.RunnerLost => "LOST",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Listed(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(ListLimit).Select(InertText.Line)) + (ids.Count > ListLimit ? $" and {ids.Count - ListLimit} more" : "");

    // Times in UTC, as every stored time is; the date only when it is not the report's own day.
    private static string Time(DateTimeOffset at, DateTimeOffset until)
    {
        var utc = at.UtcDateTime;
        return utc.Date == until.UtcDateTime.Date
            ? utc.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : utc.ToString("ddd d MMM HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }
}
