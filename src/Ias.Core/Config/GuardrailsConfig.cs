namespace Ias.Core.Config;

/// <summary>
/// The input guardrails (guardrails.input): what is checked before an agent is given the sprint, the bug or the
/// feedback. Other keys under guardrails belong to other Loa tools and are left to them.
/// </summary>
/// <param name="Enabled">guardrails.input.enabled; LOA_GUARDRAILS_ENABLED=false also turns every check off.</param>
/// <param name="PiiFilter">guardrails.input.pii_filter.enabled: redact personal data from every agent prompt.</param>
/// <param name="InjectionDetection">guardrails.input.injection_detection.enabled: score sprint and bug text for prompt injection.</param>
/// <param name="InjectionThreshold">guardrails.input.injection_detection.threshold: the score in (0, 1] at which a run refuses to start.</param>
public sealed record GuardrailsConfig(bool Enabled, bool PiiFilter, bool InjectionDetection, double InjectionThreshold)
{
    /// <summary>Everything on, refusing at 0.7 as the original Run Mode tools do.</summary>
    public static readonly GuardrailsConfig Defaults = new(true, true, true, 0.7);
}
