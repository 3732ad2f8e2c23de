using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Turns;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// A claimed job ready for its agent's turn: the role's settings, the turn, the job's and attempt's folders, and for a
/// writing job its worktree, start commit and, on a shared queue, branch.
/// </summary>
internal sealed record PreparedJob(Job Job, AgentSettings Settings, AgentTurn Turn, string JobDir, string AttemptDir, string? Before, JobBranch? Branch)
{
    /// <summary>For a review job, the pull request and the commit of it under review; null for every other job.</summary>
    public ReviewTarget? Review { get; init; }

    /// <summary>The folder the job works in: a writing job's worktree, a reading job's checkout.</summary>
    public required string WorkTree { get; init; }

    /// <summary>Where the agent writes follow-up jobs: in the turn's scratch folder, which the box lets every role write.</summary>
    public string FollowUpDir => Path.Combine(AttemptDir, "box", "follow-up");
}
