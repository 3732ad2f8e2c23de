using Ias.Core.Config;
using Ias.Core.Reports;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Dashboard;

/// <summary>
/// What a dashboard needs of the checkout whose run it watches: where its state is, its team's shared queue (closed by
/// whoever opened it), what u and x do to its runners, how its report is read, and from its config the base branch and the
/// terminal's notifications.
/// </summary>
public sealed record DashboardCheckout(RunPaths Paths)
{
    /// <summary>The team's shared queue (ias.queue.backend: postgres) whose runs it watches instead of the checkout's own.</summary>
    public SharedQueue? Shared { get; init; }

    /// <summary>What u and x do to a queue run's runner (start it detached, stop it); without it they say they cannot.</summary>
    public IRunnerControl? Runners { get; init; }

    /// <summary>Reads the checkout's report from a start to now, as `ias report` does; without it the dashboard shows none.</summary>
    public Func<DateTimeOffset, DateTimeOffset, MorningReport>? Report { get; init; }

    /// <summary>The branch the run's commits are counted from (run_mode.git.base_branch).</summary>
    public string BaseBranch { get; init; } = "main";

    /// <summary>Which of the terminal's notification channels ring (ias.notify).</summary>
    public NotifyConfig Notify { get; init; } = NotifyConfig.Defaults;
}
