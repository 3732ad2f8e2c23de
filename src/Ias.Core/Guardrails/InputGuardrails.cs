using Ias.Core.Config;

namespace Ias.Core.Guardrails;

/// <summary>
/// The checks on what an autonomous run gives its agents, as guardrails.input configures them: the danger level of
/// each skill, personal data redacted from every prompt, and injection detection on sprint and bug text. Every check is
/// logged to the trajectory; a check that fails lets its input through unchanged and logs the error (fail-open), so
/// a bug in a guardrail never stops legitimate work.
/// </summary>
public sealed class InputGuardrails(GuardrailsConfig config, string? environmentSwitch, TrajectoryLog log)
{
    /// <summary>The environment variable that turns every check off when it is false (or 0, no, off).</summary>
    public const string EnvironmentSwitch = "LOA_GUARDRAILS_ENABLED";

    private static readonly string[] Off = ["false", "0", "no", "off"];

    /// <summary>Whether any check runs: guardrails.input.enabled, unless LOA_GUARDRAILS_ENABLED turns them off.</summary>
    public bool Enabled { get; } = config.Enabled && !Off.Contains(environmentSwitch?.Trim() ?? "", StringComparer.OrdinalIgnoreCase);

    /// <summary>The day's trajectory log, as messages show it.</summary>
    public string LogDisplay => log.Display;

    /// <summary>The danger-level decision for invoking <paramref name="skill"/>, logged; null when the guardrails are off.</summary>
    public DangerDecision? Admit(string skill, string target, bool allowHigh)
    {
        if (!Enabled)
        {
            return null;
        }

        var decision = DangerLevels.Decide(skill, allowHigh);
        log.Danger(target, decision, allowHigh);
        return decision;
    }

    /// <summary>
    /// The prompt <paramref name="skill"/> is about to be given, its personal data redacted (logged by kind and count, unless
    /// <paramref name="logged"/> is false: the trajectory counts what agents are given, not what ias writes down itself).
    /// </summary>
    public string Redact(string skill, string target, string prompt, bool logged = true)
    {
        if (!Enabled || !config.PiiFilter)
        {
            return prompt;
        }

        try
        {
            var redaction = PiiFilter.Redact(prompt);
            if (logged)
            {
                log.Pii(skill, target, redaction.Counts);
            }

            return redaction.Text;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error("pii_filter", skill, target, e);
            return prompt;
        }
    }

    /// <summary>Injection detection on <paramref name="source"/> before <paramref name="skill"/> is given it, logged; null when the check is off or failed.</summary>
    public InjectionVerdict? Inspect(string skill, string target, ScannedText source)
    {
        if (!Enabled || !config.InjectionDetection)
        {
            return null;
        }

        try
        {
            var report = InjectionDetector.Score(source.Text);
            var action = report.Score >= config.InjectionThreshold ? GuardAction.Block
                : report.Score > 0 ? GuardAction.Warn
                : GuardAction.Proceed;
            log.Injection(skill, target, source, action, report, config.InjectionThreshold);
            return new InjectionVerdict(action, report, source, config.InjectionThreshold);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error("injection_detection", skill, target, e);
            return null;
        }
    }
}
