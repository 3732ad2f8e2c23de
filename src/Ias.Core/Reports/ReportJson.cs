using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Reports;

/// <summary>`ias report --json`: one object per checkout, every text inert (agents wrote some of it, other machines some).</summary>
public static class ReportJson
{
    /// <summary>The report as indented JSON, ending in a newline.</summary>
    public static string Render(MorningReport report) => JsonText.Render(w => Write(w, report));

    /// <summary>Several checkouts' reports (`--all`) as one indented JSON array.</summary>
    public static string RenderAll(IEnumerable<MorningReport> reports) => JsonText.Render(w =>
    {
        w.WriteStartArray();
        foreach (var report in reports)
        {
            Write(w, report);
        }

        w.WriteEndArray();
    });

    public static void Write(Utf8JsonWriter w, MorningReport report)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        w.WriteStartObject();
        w.WriteString("repository"u8, InertText.Line(report.Root));
        w.WriteString("since"u8, IsoTime.ForFile(report.Since));
        w.WriteString("until"u8, IsoTime.ForFile(report.Until));
        JsonText.WriteObjects(w, "needs"u8, report.Needs, static (w, n) =>
        {
            w.WriteString("kind"u8, Wire(n.Kind));
            Text(w, "id"u8, n.Id);
            w.WriteString("run"u8, InertText.Line(n.Run));
            w.WriteString("since"u8, IsoTime.ForFile(n.Since));
            w.WriteString("what"u8, InertText.Line(n.What));
            Text(w, "command"u8, n.Command);
            Text(w, "host"u8, n.Host);
            Text(w, "until"u8, n.Until is { } u ? IsoTime.ForFile(u) : null);
        });
        JsonText.WriteObjects(w, "finished"u8, report.Finished, static (w, f) =>
        {
            w.WriteString("kind"u8, f.Kind);
            w.WriteString("run"u8, InertText.Line(f.Id));
            w.WriteString("ended"u8, InertText.Line(f.Word));
            w.WriteString("at"u8, IsoTime.ForFile(f.At));
            Text(w, "pr_url"u8, f.PrUrl);
        });
        JsonText.WriteObjects(w, "jobs"u8, report.Jobs, static (w, t) =>
        {
            w.WriteString("run"u8, InertText.Line(t.Run));
            Text(w, "host"u8, t.Host);
            w.WriteNumber("done"u8, t.Done);
            w.WriteNumber("failed"u8, t.FailedCount);
            JsonText.WriteObjects(w, "failures"u8, t.Failed, static (w, f) =>
            {
                w.WriteString("failure"u8, InertText.Line(f.Failure));
                w.WriteString("reason"u8, InertText.Line(f.Reason));
                JsonText.WriteStrings(w, "jobs"u8, f.Jobs.Select(InertText.Line));
            });
            JsonText.WriteStrings(w, "pr_urls"u8, t.PullRequests.Select(InertText.Line));
        });
        JsonText.WriteObjects(w, "agents"u8, report.Agents, static (w, a) =>
        {
            w.WriteString("agent"u8, InertText.Line(a.Agent));
            Text(w, "host"u8, a.Host);
            w.WriteNumber("calls"u8, a.Calls);
            w.WriteNumber("tokens_in"u8, a.TokensIn);
            w.WriteNumber("tokens_out"u8, a.TokensOut);
            w.WriteNumber("cost_usd"u8, a.Usd);
            w.WriteNumber("agent_hours"u8, Math.Round(a.Time.TotalHours, 3));
        });
        JsonText.WriteObjects(w, "runs"u8, report.Runs, static (w, r) =>
        {
            w.WriteString("run"u8, InertText.Line(r.Run));
            w.WriteNumber("cost_usd"u8, r.Usd);
            Money(w, "cap_usd"u8, r.Cap);
        });
        w.WriteStartObject("today"u8);
        w.WriteNumber("cost_usd"u8, report.Today.Usd);
        Money(w, "cap_usd"u8, report.Today.Cap);
        w.WriteEndObject();
        JsonText.WriteStrings(w, "unread"u8, report.Unread.Select(InertText.Line));
        w.WriteEndObject();
    }

    /// <summary>The kind as the JSON names it: question, tripped, halted, unpublished, over_budget, runner_lost, parked.</summary>
    public static string Wire(NeedKind kind) => kind switch
    {
        NeedKind.RunnerLost => "runner_lost",
        NeedKind.OverBudget => "over_budget",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static void Text(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, InertText.Line(value));
        }
    }

    private static void Money(Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal? usd)
    {
        if (usd is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
