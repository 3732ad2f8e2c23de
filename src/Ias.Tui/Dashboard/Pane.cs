namespace Ias.Tui.Dashboard;

/// <summary>The four panes, in focus order (keys 1–4).</summary>
public enum Pane
{
    Queue,
    Log,
    Breaker,
    Rate,
}
