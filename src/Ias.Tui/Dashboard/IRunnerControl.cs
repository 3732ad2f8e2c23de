using Ias.Core.Snapshots;

namespace Ias.Tui.Dashboard;

/// <summary>
/// What the dashboard's runner keys do to a queue run, done by the command line's own code as `ias run-loop --detach` and
/// `ias stop` do it: the dashboard opens no queue store itself.
/// </summary>
public interface IRunnerControl
{
    /// <summary>Starts the runner of the queue run <paramref name="queue"/> shows in this checkout, detached; the footer's line saying what happened.</summary>
    string Start(QueueSnapshot queue);

    /// <summary>Asks the runner of the queue run <paramref name="queue"/> shows to stop after its current job; the footer's line saying what happened.</summary>
    string Stop(QueueSnapshot queue);

    /// <summary>Once, when a runner started here stopped as it started: why, in one line; otherwise null.</summary>
    string? Exited();
}
