using Ias.Core.Git;

namespace Ias.Core.Snapshots;

/// <summary>
/// What a run's branch, or a queue job's commits, hold for a person to look at: the commits on top of the base and the
/// pull request, by URL or as the text in a file.
/// </summary>
public sealed record BranchView(string Branch, string BaseBranch, IReadOnlyList<CommitLine> Commits, string? PrUrl, string? PrFile)
{
    /// <summary>The queue job whose commits these are ("0001-implementer"); null for a Run Mode run's branch.</summary>
    public string? Job { get; init; }

    /// <summary>The files a job's commits changed, as its evidence lists them; empty for a run's branch and a job not done.</summary>
    public IReadOnlyList<string> ChangedFiles { get; init; } = [];
}
