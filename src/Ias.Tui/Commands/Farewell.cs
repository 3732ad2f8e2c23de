using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands;

/// <summary>
/// What the terminal says when a dashboard closes: whether the engine goes on, where the work is, and how to come back.
/// Each command stands alone on an indented line, without quotes, so a triple-click copies exactly it.
/// </summary>
public static class Farewell
{
    /// <summary>The indentation of a command's own line.</summary>
    public const string CommandIndent = "    ";

    /// <summary>The lines for the run in <paramref name="paths"/> (or its job queue run <paramref name="queueRun"/>), each command written so it works as typed from any folder.</summary>
    public static IReadOnlyList<string> Lines(RunPaths paths, string? queueRun = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var (ias, repo) = (Self(), Word(paths.RepoRoot));
        if (queueRun is not null)
        {
            var name = Word(queueRun);
            return
            [
                $"queue run {queueRun}: its runner, if one runs, goes on; list its jobs, or watch it again:",
                Command($"{ias} status --repo {repo} --run {name}"),
                Command($"{ias} dashboard --repo {repo} --run {name}"),
            ];
        }

        using var reader = new SnapshotReader(paths, TimeProvider.System);
        var status = reader.Read().Status;
        // A run beside `.run/`'s is named, so the commands act on it among the others at work.
        var named = paths.Lane is not null && status.Run is { } beside ? $" --run {Word(beside.Branch)}" : "";
        var lines = status.EngineAlive
            ? new List<string> { "the engine keeps running without the dashboard; watch it again, or stop it:", Command($"{ias} dashboard --repo {repo}"), Command($"{ias} run-halt --repo {repo}{named}") }
            : ["look again:", Command($"{ias} dashboard --repo {repo}"), Command($"{ias} run-status --repo {repo}{named}")];
        if (status.Run is { } run)
        {
            lines.Add(InertText.Line($"{run.Target} {RunWord.Of(run, status.Breaker)}; its work is on branch {run.Branch}:"));
            lines.Add(Command($"git -C {repo} log --oneline {Word(run.Branch)}"));
            if (!status.EngineAlive && WayBack(paths, run) is { } back)
            {
                lines.AddRange(back);
            }

            // A halted run keeps the worktree it works in, for a person to look at (or work in) before the resume.
            if (RunWorktree.PathFor(new GitCli(paths.RepoRoot), run.Branch) is var tree && Directory.Exists(tree))
            {
                lines.Add($"its worktree, to look at before `{ias} run-resume`: {tree}");
            }

            var prFile = Publisher.PrFile(paths);
            lines.Add(run.PrUrl is { } url ? $"the draft PR: {url}"
                : File.Exists(prFile) ? $"the PR text, to open it by hand: {prFile}"
                : $"the PR text goes to {prFile} when the sprint passes");
        }

        return lines;
    }

    private static string Command(string line) => CommandIndent + line;

    /// <summary>
    /// A run that ended or halted leaves the checkout on its branch, switched from where the person started it: said when
    /// it happens, with the command back (the branch git was on before, as its reflog remembers it).
    /// </summary>
    public static IReadOnlyList<string>? WayBack(RunPaths paths, RunSnapshot run)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(run);
        // One git for the branch now and the one before it.
        if (new GitCli(paths.RepoRoot).Try("rev-parse", "--abbrev-ref", "HEAD", "@{-1}") is not { Ok: true } branches
            || branches.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) is not [var current, var previous]
            || current != run.Branch || previous == run.Branch || previous == "HEAD")
        {
            return null;
        }

        return
        [
            $"your checkout is on the run's branch {run.Branch}; back to {previous}" + (run.State is RunState.Halted ? $" (git switch {Word(run.Branch)} again before ias run-resume):" : ":"),
            Command($"git -C {Word(paths.RepoRoot)} switch {Word(previous)}"),
        ];
    }

    /// <summary>
    /// How a person starts this same ias from their shell: `ias` when it is on PATH, else this program by its full path
    /// (through dotnet when it runs as ias.dll), since `dotnet run` and a build folder put nothing on PATH.
    /// </summary>
    public static string Self()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (path.Any(dir => File.Exists(Path.Combine(dir, "ias"))))
        {
            return "ias";
        }

        var self = EngineHost.SelfLaunch();
        return string.Join(' ', self.Args.Prepend(self.FileName).Select(Word));
    }

    private static string Word(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:=@,".Contains(c)) ? s : ShellWords.Quote(s);
}
