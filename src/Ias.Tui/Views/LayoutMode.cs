namespace Ias.Tui.Views;

/// <summary>How the panes share the screen.</summary>
public enum LayoutMode
{
    Wide,
    Stacked,
    Single,
    TooSmall,
}
