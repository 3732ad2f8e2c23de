namespace Ias.Core.Guardrails;

/// <summary>Whether an autonomous run may invoke a skill, and why.</summary>
public sealed record DangerDecision(string Skill, DangerLevel Level, GuardAction Action, string Reason);
