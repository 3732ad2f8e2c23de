using Ias.Core.Git;

namespace Ias.Core.Jobs.Attempt;

/// <summary>What a review job reviews: the pull request, its head commit fetched into the checkout, and where it left its base (null when unknown).</summary>
internal sealed record ReviewTarget(PullRequest Pr, string Commit, string? MergeBase);
