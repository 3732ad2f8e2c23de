using System.Globalization;
using Ias.Core.Safety;

namespace Ias.Core.Reports;

/// <summary>
/// The `report` notification's one line: the report's counts and nothing else (no question, reason or name an agent could
/// have written), so it says no more than a person's own policy lets out, and `ias report` tells the rest.
/// </summary>
public static class NightSummary
{
    public static string Of(MorningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var parts = new List<string> { Needs(report) };
        if (report.Finished.Count > 0)
        {
            parts.Add($"{report.Finished.Count} run(s) finished");
        }

        if (report.Jobs.Count > 0)
        {
            parts.Add($"{report.Jobs.Sum(j => j.Done)} job(s) done, {report.Jobs.Sum(j => j.FailedCount)} failed");
        }

        parts.Add($"{SpendCaps.Money(report.Agents.Sum(a => a.Usd))} spent");
        return $"the last run of the night ended: {string.Join(", ", parts)}; `ias report` has the rest";
    }

    private static string Needs(MorningReport report)
    {
        if (report.Needs.Count == 0)
        {
            return "nothing needs you";
        }

        var kinds = report.Needs.GroupBy(n => n.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Word(g.Key)}");
        return string.Create(CultureInfo.InvariantCulture, $"{report.Needs.Count} need(s) you ({string.Join(", ", kinds)})");
    }

    private static string Word(NeedKind kind) => kind switch
    {
        NeedKind.Question => "question(s)",
        NeedKind.Tripped => "tripped",
        NeedKind.Halted => "halted",
        NeedKind.OverBudget => "over budget",
        NeedKind.RunnerLost => "runner(s) lost",
        _ => "parked",
    };
}
