namespace Ias.Tui.Dashboard;

/// <summary>
/// What the last frame showed, which key handling needs: how many rows there are and how many fit, and how far the
/// help overlay can scroll (0 when every binding fits).
/// </summary>
public sealed record ScreenFacts(int Jobs, int LogLines, int LogHeight, int QueueHeight, int HelpLastTop = 0);
