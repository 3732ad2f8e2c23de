namespace Ias.Tui.Views;

/// <summary>The columns of the wide layout: a left one of two fifths (at least 40 columns) and the rest on the right.</summary>
public enum WideColumn
{
    Left,
    Right,
}
