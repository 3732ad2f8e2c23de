namespace Ias.Core.Reports;

/// <summary>What a queue run's jobs did in the report's window: how many ended done, the failed ones by their failure, and the draft PRs.</summary>
/// <param name="Run">The queue run's name.</param>
/// <param name="Host">The machine whose runners ended them on a shared queue; null for this checkout's own queue.</param>
/// <param name="Done">Jobs done.</param>
/// <param name="Failed">Failed jobs by failure class, the most frequent first, each with one job's reason and the jobs' ids.</param>
/// <param name="PullRequests">The draft PRs of the done jobs.</param>
public sealed record JobTally(string Run, string? Host, int Done, IReadOnlyList<FailureGroup> Failed, IReadOnlyList<string> PullRequests)
{
    public int FailedCount => Failed.Sum(f => f.Jobs.Count);
}
