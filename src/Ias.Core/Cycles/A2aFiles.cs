using Ias.Core.Storage;

namespace Ias.Core.Cycles;

/// <summary>The agent-to-agent files of 002 under `grimoires/loa/a2a/SPRINT/`, which the original tools and people read.</summary>
public static class A2aFiles
{
    public const string Root = "grimoires/loa/a2a";

    /// <summary>The RED_TEAM_CODE gate's report.</summary>
    public const string RedTeamFindings = "red-team-code-findings.json";

    /// <summary>The folder of a sprint (or a bug's micro-sprint), relative to the repository root.</summary>
    public static string Folder(string sprint) => $"{Root}/{sprint}";

    /// <summary>Writes one file of a sprint's folder atomically; the run's next commit takes it.</summary>
    public static void Write(string repoRoot, string sprint, string name, string text)
    {
        var dir = Path.Combine(repoRoot, Folder(sprint));
        Directory.CreateDirectory(dir);
        // A file of the repository, committed like the agent's work: readable as any other.
        AtomicFile.Write(Path.Combine(dir, name), text, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
