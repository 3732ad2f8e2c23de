namespace Ias.Core.Reports;

/// <summary>
/// What happened in one checkout between <paramref name="Since"/> and <paramref name="Until"/>, read from what is stored
/// (ias.db, the `.run` files, a team's shared queue): what waits for a person, what was done, and what it cost.
/// </summary>
/// <param name="Root">The checkout.</param>
/// <param name="Since">The window's start: the last report read, or what --since said.</param>
/// <param name="Until">The window's end: when the report was read.</param>
public sealed record MorningReport(string Root, DateTimeOffset Since, DateTimeOffset Until)
{
    /// <summary>What waits for a person, most urgent first (<see cref="NeedKind"/>), the oldest first within a kind.</summary>
    public IReadOnlyList<Need> Needs { get; init; } = [];

    public IReadOnlyList<FinishedRun> Finished { get; init; } = [];

    public IReadOnlyList<JobTally> Jobs { get; init; } = [];

    public IReadOnlyList<AgentUse> Agents { get; init; } = [];

    public IReadOnlyList<RunCost> Runs { get; init; } = [];

    /// <summary>What this checkout's calls cost since 00:00 UTC, against ias.budget.daily_usd (null: no cap).</summary>
    public (decimal Usd, decimal? Cap) Today { get; init; }

    /// <summary>What could not be read, one line each (a shared queue out of reach): the rest of the report stands without it.</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];

    /// <summary>Whether nothing happened and nothing waits.</summary>
    public bool Quiet => Needs.Count == 0 && Finished.Count == 0 && Jobs.Count == 0 && Agents.Count == 0;

    /// <summary>
    /// Whether something in the window is for the person to see first: a run that ended, a run halted or tripped, a question
    /// asked, a job failed, a run not published. What already waited before the window was seen when the window was last read; jobs waiting with
    /// no runner are most often jobs just enqueued, a park goes on by itself, and jobs done or money spent alone are what
    /// the dashboard shows anyway.
    /// </summary>
    public bool HasNews =>
        Finished.Count > 0
        || Needs.Any(n => n.Kind is (NeedKind.Question or NeedKind.Tripped or NeedKind.Halted or NeedKind.Unpublished or NeedKind.OverBudget) && n.Since >= Since)
        || Jobs.Any(j => j.FailedCount > 0);
}
