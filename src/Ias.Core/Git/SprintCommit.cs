using System.Text.RegularExpressions;

namespace Ias.Core.Git;

/// <summary>The run's commit messages (cycle commits and the WIP commit of a halt) and the `grep -E` pattern that finds sprint commits again (the original tools' sprint_commit_pattern).</summary>
public static class SprintCommit
{
    private static readonly (string Posix, string Net)[] PosixClasses =
    [
        ("[:alpha:]", "a-zA-Z"), ("[:digit:]", "0-9"), ("[:alnum:]", "a-zA-Z0-9"), ("[:upper:]", "A-Z"), ("[:lower:]", "a-z"),
        ("[:space:]", @"\s"), ("[:blank:]", @" \t"), ("[:xdigit:]", "0-9A-Fa-f"), ("[:punct:]", @"!-/:-@\[-`{-~"),
    ];

    /// <summary>`feat(sprint-1): cycle 2 — summary`: one implement phase's commit.</summary>
    public static string Message(string target, int cycle, string summary) => $"feat({target}): cycle {cycle} — {summary}";

    /// <summary>`chore(sprint-1): COMPLETED — why`: the sprint's COMPLETED marker and last feedback, committed before its PR.</summary>
    public static string Completed(string target, string why) => $"chore({target}): COMPLETED — {why}";

    /// <summary>`WIP: Run halted - reason`: the pending work committed when a run halts.</summary>
    public static string Wip(string reason) => $"WIP: Run halted - {reason.ReplaceLineEndings(" ").Trim()}";

    /// <summary>Whether <paramref name="subject"/> matches a `grep -E` pattern (POSIX classes such as [[:digit:]] understood).</summary>
    public static bool Matches(string pattern, string subject) => ToRegex(pattern).IsMatch(subject);

    /// <summary>A .NET regex that reads a `grep -E` pattern the way grep does for the patterns people write.</summary>
    public static Regex ToRegex(string pattern)
    {
        var net = PosixClasses.Aggregate(pattern, (p, c) => p.Replace(c.Posix, c.Net, StringComparison.Ordinal));
        return new Regex(net, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>A warning when the configured pattern would not find this run's own commits, or null when it does.</summary>
    public static string? PatternWarning(string pattern, string target)
    {
        var sample = Message(target, 1, "summary");
        return Matches(pattern, sample)
            ? null
            : $"run_mode.git.sprint_commit_pattern '{pattern}' does not match this run's commit messages (e.g. \"{sample}\"), so the git-aware state sync will not count them; use a pattern such as '^feat\\(sprint-'";
    }
}
