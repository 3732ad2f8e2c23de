namespace Ias.Tui.Theming;

/// <summary>A 1-based line and column in a theme file, for errors.</summary>
internal readonly record struct Location(long Line, long Column);
