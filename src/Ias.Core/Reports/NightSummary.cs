using System.Globalization;
using Ias.Core.Safety;

namespace Ias.Core.Reports;

/// <summary>
/// The `report` notification's one line: the report's counts and nothing else (no question, reason or name an agent could
/// have written), so it says no more than a person's own policy lets out, and `ias report` tells the rest. The reports
/// of several checkouts (the box's night) are counted together.
/// </summary>
public static class NightSummary
{
    public static string Of(params IReadOnlyList<MorningReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var parts = new List<string> { Needs([.. reports.SelectMany(r => r.Needs)]) };
        var finished = reports.Sum(r => r.Finished.Count);
        if (finished > 0)
        {
            parts.Add($"{finished} run(s) finished");
        }

        var jobs = reports.SelectMany(r => r.Jobs).ToList();
        if (jobs.Count > 0)
        {
            parts.Add($"{jobs.Sum(j => j.Done)} job(s) done, {jobs.Sum(j => j.FailedCount)} failed");
        }

        parts.Add($"{SpendCaps.Money(reports.SelectMany(r => r.Agents).Sum(a => a.Usd))} spent");
        return $"the last run of the night ended: {string.Join(", ", parts)}; `ias report` has the rest";
    }

    private static string Needs(IReadOnlyList<Need> needs)
    {
        if (needs.Count == 0)
        {
            return "nothing needs you";
        }

        var kinds = needs.GroupBy(n => n.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Word(g.Key)}");
        return string.Create(CultureInfo.InvariantCulture, $"{needs.Count} need(s) you ({string.Join(", ", kinds)})");
    }

    private static string Word(NeedKind kind) => kind switch
    {
        NeedKind.Question => "question(s)",
        NeedKind.Tripped => "tripped",
        NeedKind.Halted => "halted",
        NeedKind.Unpublished => "not published",
        NeedKind.OverBudget => "over budget",
        NeedKind.RunnerLost => "runner(s) lost",
        _ => "parked",
    };
}
