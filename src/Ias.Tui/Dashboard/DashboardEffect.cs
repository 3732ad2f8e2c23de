namespace Ias.Tui.Dashboard;

/// <summary>Something a key asks of the world outside the screen: a control request to the engine, or leaving.</summary>
public enum DashboardEffect
{
    None,
    Halt,
    HaltNow,
    Resume,
    ResumeResetIce,
    DropIn,
    DropInShell,

    /// <summary>Send <see cref="Views.DashboardState.Answer"/> to <see cref="Views.DashboardState.Asking"/>, or to the oldest open question.</summary>
    Answer,

    /// <summary>Watch the run the runs list has selected (<see cref="Views.ScreenFacts.Runs"/> at <see cref="Views.DashboardState.RunsSelected"/>) instead.</summary>
    Watch,
    Quit,
}
