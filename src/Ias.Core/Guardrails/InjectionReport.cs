namespace Ias.Core.Guardrails;

/// <summary>How much a text reads like a prompt injection: a score in [0, 1] and the signals it was made of, first line first.</summary>
public sealed record InjectionReport(double Score, IReadOnlyList<InjectionSignal> Signals)
{
    public static readonly InjectionReport Clean = new(0, []);
}
