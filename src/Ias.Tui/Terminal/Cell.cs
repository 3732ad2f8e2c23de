using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>One screen cell: a grapheme and its style; an empty text marks the right half of a wide character.</summary>
public readonly record struct Cell(string Text, Style Style)
{
    public bool IsContinuation => Text.Length == 0;

    public static Cell Blank(Style style) => new(" ", style);

    public static Cell Continuation(Style style) => new(string.Empty, style);
}
