namespace Ias.Tui.Input;

/// <summary>Everything a key can ask the dashboard to do.</summary>
public enum DashboardCommand
{
    Halt,
    HaltNow,

    /// <summary>Halt every run at work in the repository after its current phase, each in its own lane.</summary>
    HaltAll,
    Resume,
    ResumeResetIce,

    /// <summary>Halt the run and open its agent resumed on its session here, back to the dashboard after.</summary>
    DropIn,

    /// <summary>Halt the run and open a shell in its work tree here, back to the dashboard after.</summary>
    DropInShell,

    /// <summary>Open the branch overlay: the run's commits, each one's patch, and the PR.</summary>
    Branch,

    /// <summary>Open the runs list: the checkout's runs, live and past, to switch the dashboard to one.</summary>
    Runs,

    /// <summary>Open the inbox: every question that waits for a person, to answer the selected one.</summary>
    Inbox,

    /// <summary>Open the report: what happened in the checkout since a person last read it, as `ias report` prints it.</summary>
    Report,

    /// <summary>Open why the run stopped: its whole halt reason and the last stderr lines of the turn that failed.</summary>
    Why,

    /// <summary>Type an answer to the oldest question an agent asked.</summary>
    Answer,

    /// <summary>Start the watched queue run's runner in this checkout, detached (`ias run-loop --detach`).</summary>
    StartRunner,

    /// <summary>Ask the watched queue run's runner to stop after its current job (`ias stop`).</summary>
    StopRunner,
    FocusNext,
    FocusPrevious,

    /// <summary>Replay a stored Run Mode run from its events: the watched one, or the runs list's selected one.</summary>
    Replay,

    /// <summary>Pause a playing replay, or play a paused one.</summary>
    ReplayPause,
    ReplayBack,
    ReplayForward,
    ReplayPhaseBack,
    ReplayPhaseForward,
    ReplayFaster,
    ReplaySlower,

    /// <summary>Focus the pane the binding names (a pane's number key).</summary>
    Focus,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Back,
    Filter,
    Search,
    SearchNext,
    SearchPrevious,
    Follow,
    Wrap,
    Help,
    Quit,
}
