namespace Ias.Tui.Views.Panes;

/// <summary>
/// Where a pane sits when every pane shows. Wide: its column, and its rows given the body's rows; panes of a column
/// stack in registry order. Stacked: its band, and its rows given the rows its band shares (top and middle share what
/// the bottom band leaves; the bottom band is as tall as its tallest pane). A null row count fills what the others leave.
/// </summary>
public sealed record PaneSlot(WideColumn Column, Func<int, int>? WideRows, StackBand Band, Func<int, int>? StackedRows);
