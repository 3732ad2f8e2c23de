using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Cycles.A2a;

/// <summary>
/// Where a run keeps its a2a files (relative to the repository) and what its reviewer's feedback is called there:
/// `grimoires/loa/a2a/sprint-N/engineer-feedback.md` for a sprint, `grimoires/loa/a2a/bug-ID/reviewer.md` for a bug.
/// </summary>
public sealed record A2aFolder(string Path, string ReviewFeedback)
{
    public static A2aFolder ForSprint(string sprint) => new(A2aFiles.Folder(sprint), A2aFiles.EngineerFeedback);

    public static A2aFolder ForBug(string folder) => new(folder, A2aFiles.BugReview);

    /// <summary>The file a phase's verdict is written to; null for a phase that writes none here.</summary>
    public string? FeedbackFile(Phase phase) => phase switch
    {
        Phase.Review => ReviewFeedback,
        Phase.Audit => A2aFiles.AuditorFeedback,
        _ => null,
    };

    /// <summary>The repository path of one of the folder's files.</summary>
    public string PathOf(string name) => $"{Path}/{name}";

    /// <summary>
    /// Whether a repository path is one of the files ias itself writes here: they are the run's record, not the agent's
    /// work, so they never count as progress and never make a work tree dirty "outside the run".
    /// </summary>
    public bool IsOwn(string repoPath) =>
        repoPath.StartsWith(Path + "/", StringComparison.Ordinal)
        && repoPath[(Path.Length + 1)..] is var name
        && (name == ReviewFeedback || name is A2aFiles.AuditorFeedback or A2aFiles.Completed or A2aFiles.RedTeamFindings or A2aFiles.Trajectory);
}
