namespace Ias.Tui.Views;

/// <summary>The bands of the stacked layout, top to bottom: top and middle panes take the full width, bottom panes sit side by side.</summary>
public enum StackBand
{
    Top,
    Middle,
    Bottom,
}
