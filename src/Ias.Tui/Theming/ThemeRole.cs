namespace Ias.Tui.Theming;

/// <summary>One thing on screen a theme gives a style to: a flat dotted name and what it colours.</summary>
public sealed record ThemeRole(string Name, string Description);
