namespace Ias.Core.Guardrails;

/// <summary>How much harm a skill can do: safe reads, moderate writes project files, high has effects outside them, critical is irreversible.</summary>
public enum DangerLevel
{
    Safe,
    Moderate,
    High,
    Critical,
}
