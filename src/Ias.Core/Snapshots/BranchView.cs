using Ias.Core.Git;

namespace Ias.Core.Snapshots;

/// <summary>What a run's branch holds for a person to look at: its commits on top of the base branch and its pull request, by URL or as the text in `.run/pr.md`.</summary>
public sealed record BranchView(string Branch, string BaseBranch, IReadOnlyList<CommitLine> Commits, string? PrUrl, string? PrFile);
