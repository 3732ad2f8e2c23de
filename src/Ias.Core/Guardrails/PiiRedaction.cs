namespace Ias.Core.Guardrails;

/// <summary>Text with its personal data replaced, and how many values of each kind were replaced (never the values).</summary>
public sealed record PiiRedaction(string Text, IReadOnlyDictionary<string, int> Counts)
{
    public int Total => Counts.Values.Sum();
}
