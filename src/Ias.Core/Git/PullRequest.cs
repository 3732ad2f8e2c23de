namespace Ias.Core.Git;

/// <summary>A pull request as `gh pr view` tells it: where it is, its title, and the branch and commit under review.</summary>
public sealed record PullRequest(int Number, string Url, string Title, string HeadBranch, string HeadCommit, string BaseBranch);
