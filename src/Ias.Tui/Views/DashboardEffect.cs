using Ias.Core.Snapshots;
using Ias.Tui.Input;

namespace Ias.Tui.Views;

/// <summary>
/// Something a key asks of the world outside the screen, which key handling only names and the dashboard does: a
/// request to the engine or a queue's runner, an answer to send, another run to watch, or leaving.
/// </summary>
public abstract record DashboardEffect
{
    public static DashboardEffect None { get; } = new Nothing();

    public static DashboardEffect Halt { get; } = new Engine(DashboardCommand.Halt);

    public static DashboardEffect HaltNow { get; } = new Engine(DashboardCommand.HaltNow);

    public static DashboardEffect Resume { get; } = new Engine(DashboardCommand.Resume);

    public static DashboardEffect ResumeResetIce { get; } = new Engine(DashboardCommand.ResumeResetIce);

    public static DashboardEffect Quit { get; } = new Leave(DashboardCommand.Quit);

    public static DashboardEffect DropIn { get; } = new Leave(DashboardCommand.DropIn);

    public static DashboardEffect DropInShell { get; } = new Leave(DashboardCommand.DropInShell);

    /// <summary>The effect of a bound command that reaches outside the screen; null for one that only changes the screen.</summary>
    public static DashboardEffect? Of(DashboardCommand command) => command switch
    {
        DashboardCommand.Halt or DashboardCommand.HaltNow or DashboardCommand.HaltAll or DashboardCommand.Resume or DashboardCommand.ResumeResetIce => new Engine(command),
        DashboardCommand.Quit or DashboardCommand.DropIn or DashboardCommand.DropInShell => new Leave(command),
        DashboardCommand.StartRunner or DashboardCommand.StopRunner => new Runner(command),
        DashboardCommand.Replay => new Replay(null),
        _ => null,
    };

    private sealed record Nothing : DashboardEffect;

    /// <summary>A request to the engine through its client: halt, halt now, resume, resume resetting the breaker.</summary>
    public sealed record Engine(DashboardCommand Request) : DashboardEffect;

    /// <summary>Start or stop the watched queue run's runner, as `ias run-loop --detach` and `ias stop` do.</summary>
    public sealed record Runner(DashboardCommand Request) : DashboardEffect;

    /// <summary>Leave the dashboard: quit, or a drop-in its caller opens in its place.</summary>
    public sealed record Leave(DashboardCommand For) : DashboardEffect;

    /// <summary>Send <paramref name="Text"/> to question <paramref name="Question"/>, or to the oldest open one when null.</summary>
    public sealed record Answer(string? Question, string Text) : DashboardEffect;

    /// <summary>The report shown was closed: mark it read where `ias report` would, so the next one starts from it.</summary>
    public sealed record ReportRead : DashboardEffect;

    /// <summary>Replay <paramref name="Run"/>, a row of the runs list, from its stored events; the watched run when null.</summary>
    public sealed record Replay(RunSummary? Run) : DashboardEffect;

    /// <summary>Watch <paramref name="Run"/>, a row of the runs list, instead.</summary>
    public sealed record Watch(RunSummary Run) : DashboardEffect;
}
