using Ias.Core.Storage;

namespace Ias.Core.Cycles.A2a;

/// <summary>
/// The agent-to-agent files under `grimoires/loa/a2a/`, which the original tools and people read: a sprint's folder
/// (`sprint-N/`) or a bug's (`bug-ID/`) holds the reviewer's and auditor's feedback, the red-team report, and the
/// `COMPLETED` marker that tells a later sprint plan the sprint is done.
/// </summary>
public static class A2aFiles
{
    public const string Root = "grimoires/loa/a2a";

    /// <summary>The RED_TEAM_CODE gate's report.</summary>
    public const string RedTeamFindings = "red-team-code-findings.json";

    /// <summary>The reviewer's feedback on a sprint's implementation.</summary>
    public const string EngineerFeedback = "engineer-feedback.md";

    /// <summary>The reviewer's feedback in a bug's folder, by the name the bug's draft PR gives it.</summary>
    public const string BugReview = "reviewer.md";

    /// <summary>The auditor's feedback, in a sprint's and a bug's folder alike.</summary>
    public const string AuditorFeedback = "auditor-sprint-feedback.md";

    /// <summary>The marker of a sprint (or bug) whose review, audit and red-team gate passed; its presence is what counts.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>A copy of the run's trajectory as it stood at COMPLETED, committed with it when ias.trajectory.commit is on.</summary>
    public const string Trajectory = "trajectory.jsonl";

    /// <summary>The folder of a sprint (or a bug's micro-sprint), relative to the repository root.</summary>
    public static string Folder(string sprint) => $"{Root}/{sprint}";

    /// <summary>Whether the folder (relative to the repository) holds a COMPLETED marker.</summary>
    public static bool IsCompleted(string repoRoot, string folder) => File.Exists(Path.Combine(repoRoot, folder, Completed));

    /// <summary>
    /// Writes one file of a folder (relative to the repository) atomically; the run's next commit takes it. Null when
    /// written; one line when not, because a folder on the way is a link or a file (<see cref="TreeFolder"/>).
    /// </summary>
    public static string? Write(string repoRoot, string folder, string name, string text)
    {
        if (TreeFolder.Ensure(repoRoot, folder) is { } refused)
        {
            return $"{folder}/{name} was not written: {refused}";
        }

        var dir = Path.Combine(repoRoot, folder);
        // A file of the repository, committed like the agent's work: readable as any other.
        AtomicFile.Write(Path.Combine(dir, name), text, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return null;
    }
}
