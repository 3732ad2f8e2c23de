using System.Globalization;
using System.Text.Json;
using Ias.Core.Storage;
using Ias.Core.StateMachines;

namespace Ias.Core.Guardrails;

/// <summary>
/// `grimoires/loa/a2a/trajectory/guardrails-{date}.jsonl`: one JSON object per guardrail check, in the original Run Mode
/// tools' place and shape. It records what was checked and decided, and how many values of each kind were redacted,
/// never a value itself. A log that cannot be written is reported once and the run goes on without it.
/// </summary>
public sealed class TrajectoryLog(RunPaths paths, TimeProvider clock, Action<string> warn)
{
    private readonly TrajectoryFile _file = new(paths, "the guardrails log", "the checks still run, unlogged", warn);

    /// <summary>The day's log, as messages show it (relative to the repository).</summary>
    public string Display => paths.Display(PathFor(clock.GetUtcNow()));

    /// <summary>False for a dry run, which checks everything and writes nothing, this log included.</summary>
    public bool Writes { get; init; } = true;

    public void Pii(string skill, string target, IReadOnlyDictionary<string, int> counts) =>
        Append("input_guardrail", "pii_filter", skill, target, GuardAction.Proceed, w =>
        {
            w.WriteStartObject("redactions");
            foreach (var (kind, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kind, count);
            }

            w.WriteEndObject();
            w.WriteNumber("redacted", counts.Values.Sum());
        });

    public void Injection(string skill, string target, ScannedText source, GuardAction action, InjectionReport report, double threshold) =>
        Append("input_guardrail", "injection_detection", skill, target, action, w =>
        {
            w.WriteString("source", source.Name);
            w.WriteNumber("score", report.Score);
            w.WriteNumber("threshold", threshold);
            JsonText.WriteObjects(w, "signals"u8, report.Signals, (w, s) =>
            {
                w.WriteString("name", s.Name);
                w.WriteNumber("weight", s.Weight);
                w.WriteNumber("line", source.LineOf(s.Line));
            });
        });

    public void Danger(string target, DangerDecision decision, bool allowHigh) =>
        Append("danger_level", "danger_level", decision.Skill, target, decision.Action, w =>
        {
            w.WriteString("level", DangerLevels.Name(decision.Level));
            w.WriteString("mode", "autonomous");
            w.WriteBoolean("allow_high", allowHigh);
            w.WriteString("reason", decision.Reason);
        });

    /// <summary>A check that failed; its input went through unchecked (fail-open). Only the exception's type is kept: its message may quote the input.</summary>
    public void Error(string check, string skill, string target, Exception error) =>
        Append("input_guardrail", check, skill, target, null, w => w.WriteString("error", error.GetType().Name));

    private string PathFor(DateTimeOffset at) =>
        Path.Combine(paths.TrajectoryDir, $"guardrails-{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.jsonl");

    private void Append(string type, string check, string skill, string target, GuardAction? action, Action<Utf8JsonWriter> details)
    {
        var now = clock.GetUtcNow();
        var line = JsonText.RenderCompact(w =>
        {
            w.WriteStartObject();
            w.WriteString("timestamp", IsoTime.ForFile(now));
            w.WriteString("type", type);
            w.WriteString("check", check);
            w.WriteString("skill", skill);
            w.WriteString("target", target);
            w.WriteString("action", action is { } a ? WireName.Of(a) : "ERROR");
            details(w);
            w.WriteEndObject();
        });

        if (Writes)
        {
            _file.Append(PathFor(now), line);
        }
    }
}
