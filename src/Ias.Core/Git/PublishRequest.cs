namespace Ias.Core.Git;

/// <summary>What to publish at the end of a run or a halt: which branch, how (push mode), and the PR's text.</summary>
public sealed record PublishRequest(
    string Branch,
    string BaseBranch,
    PushMode Mode,
    bool CreateDraftPr,
    bool HasCommits,
    PullRequestText Text,
    string ChangeSummary);
