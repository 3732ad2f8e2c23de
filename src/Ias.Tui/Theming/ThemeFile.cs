using Spectre.Console;

namespace Ias.Tui.Theming;

/// <summary>What one theme file says, before inheritance: its own styles and where its inherits key sits.</summary>
internal sealed record ThemeFile(
    string DisplayPath,
    string? Name,
    string? Description,
    string? Inherits,
    Location? InheritsAt,
    IReadOnlyDictionary<string, Style> Styles);
