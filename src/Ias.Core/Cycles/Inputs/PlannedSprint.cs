namespace Ias.Core.Cycles.Inputs;

/// <summary>
/// One sprint as its source gives it: its number (target `sprint-N`), its text, the repository file the text came from
/// and the line it starts on (for the guardrails' messages), and whether the source already marks it completed.
/// </summary>
public sealed record PlannedSprint(int Number, string Text, string File, int Line, bool Completed = false);
