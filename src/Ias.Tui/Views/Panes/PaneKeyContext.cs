using Ias.Tui.Input;

namespace Ias.Tui.Views.Panes;

/// <summary>A command as it reaches a pane: the state, what the last frame showed, whether the pane has the focus, and its fellow panes.</summary>
public sealed record PaneKeyContext(DashboardCommand Command, DashboardState State, ScreenFacts Facts, bool Focused, PaneRegistry Panes);
