using System.Globalization;

namespace Ias.Core.Guardrails;

/// <summary>What injection detection made of a text: proceed, warn (some signals, below the threshold) or block (at or above it).</summary>
public sealed record InjectionVerdict(GuardAction Action, InjectionReport Report, ScannedText Source, double Threshold)
{
    /// <summary>The one-line refusal: where, which signals, the score, and how to go on.</summary>
    public string Refusal() =>
        $"{Source.Where(Report.Signals[0].Line)} reads like a prompt injection ({Signals()}; score {Number(Report.Score)} ≥ threshold {Number(Threshold)}), "
        + $"so no agent was given it: edit the {(Source.IsFile ? "file" : "text")}, or raise guardrails.input.injection_detection.threshold in .loa.config.yaml, "
        + "or turn the check off (guardrails.input.injection_detection.enabled: false, guardrails.input.enabled: false or LOA_GUARDRAILS_ENABLED=false)";

    /// <summary>The one-line warning for signals below the threshold; <paramref name="log"/> is where they are recorded.</summary>
    public string Warning(string log) =>
        $"warning: {Source.Where(Report.Signals[0].Line)} has signs of prompt injection ({Signals()}; score {Number(Report.Score)} < threshold {Number(Threshold)}); "
        + $"the run goes on, and {log} records it";

    private string Signals()
    {
        var first = Report.Signals[0].Line;
        return string.Join(", ", Report.Signals.Select(s =>
            $"{s.Name} \"{s.Excerpt}\"" + (s.Line == first ? "" : $" at line {Source.LineOf(s.Line)}")));
    }

    private static string Number(double n) => n.ToString("0.0#", CultureInfo.InvariantCulture);
}
