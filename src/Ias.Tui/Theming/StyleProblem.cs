namespace Ias.Tui.Theming;

/// <summary>Why a style string is wrong, and where in it: Offset is the index of Word in the string.</summary>
internal readonly record struct StyleProblem(string Message, int Offset, string Word);
