using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Reports;

/// <summary>`ias report --json`: one object per checkout, every text inert (agents wrote some of it, other machines some).</summary>
public static class ReportJson
{
    /// <summary>The report as indented JSON, ending in a newline.</summary>
    public static string Render(MorningReport report)
    {
        var document = Document(report);
        return JsonText.Render(w => JsonSerializer.Serialize(w, document, ReportJsonContext.Default.MorningReportJson));
    }

    /// <summary>Several checkouts' reports (`--all`) as one indented JSON array.</summary>
    public static string RenderAll(IEnumerable<MorningReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        IReadOnlyList<MorningReportJson> documents = [.. reports.Select(Document)];
        return JsonText.Render(w => JsonSerializer.Serialize(w, documents, ReportJsonContext.Default.IReadOnlyListMorningReportJson));
    }

    /// <summary>The kind as the JSON names it: question, tripped, halted, unpublished, over_budget, runner_lost, parked.</summary>
    public static string Wire(NeedKind kind) => kind switch
    {
        NeedKind.RunnerLost => "runner_lost",
        NeedKind.OverBudget => "over_budget",
        _ => kind.ToString().ToLowerInvariant(),
    };

    // Times go in as text because the files' form (IsoTime.ForFile) drops a zero fraction, which the serializer's does not.
    private static MorningReportJson Document(MorningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new MorningReportJson(
            InertText.Line(report.Root),
            IsoTime.ForFile(report.Since),
            IsoTime.ForFile(report.Until),
            [.. report.Needs.Select(n => new NeedJson(
                Wire(n.Kind),
                InertText.LineOrNull(n.Id),
                InertText.Line(n.Run),
                IsoTime.ForFile(n.Since),
                InertText.Line(n.What),
                InertText.LineOrNull(n.Command),
                InertText.LineOrNull(n.Host),
                n.Until is { } u ? IsoTime.ForFile(u) : null))],
            [.. report.Finished.Select(f => new FinishedRunJson(f.Kind, InertText.Line(f.Id), InertText.Line(f.Word), IsoTime.ForFile(f.At), InertText.LineOrNull(f.PrUrl)))],
            [.. report.Jobs.Select(t => new JobTallyJson(
                InertText.Line(t.Run),
                InertText.LineOrNull(t.Host),
                t.Done,
                t.FailedCount,
                [.. t.Failed.Select(f => new FailureGroupJson(InertText.Line(f.Failure), InertText.Line(f.Reason), [.. f.Jobs.Select(InertText.Line)]))],
                [.. t.PullRequests.Select(InertText.Line)]))],
            [.. report.Agents.Select(a => new AgentUseJson(
                InertText.Line(a.Agent), InertText.LineOrNull(a.Host), a.Calls, a.TokensIn, a.TokensOut, a.Usd, Math.Round(a.Time.TotalHours, 3)))],
            [.. report.Runs.Select(r => new RunCostJson(InertText.Line(r.Run), r.Usd, r.Cap))],
            new TodayJson(report.Today.Usd, report.Today.Cap),
            [.. report.Unread.Select(InertText.Line)]);
    }
}
