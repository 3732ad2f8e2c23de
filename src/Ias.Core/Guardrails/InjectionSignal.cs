namespace Ias.Core.Guardrails;

/// <summary>One kind of prompt-injection sign found in a text: its name, its weight, the 1-based line of its first occurrence and what it matched there.</summary>
public sealed record InjectionSignal(string Name, double Weight, int Line, string Excerpt);
