using Ias.Core.Cycles;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>What the terminal says when a dashboard closes: whether the engine goes on, where the work is, and how to come back.</summary>
public static class Farewell
{
    /// <summary>The lines for the run in <paramref name="paths"/> (or its job queue run <paramref name="queueRun"/>), each command written so it works as typed from any folder.</summary>
    public static IReadOnlyList<string> Lines(RunPaths paths, string? queueRun = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (queueRun is not null)
        {
            var (self, at, name) = (Self(), Word(paths.RepoRoot), Word(queueRun));
            return [$"queue run {queueRun}: `{self} status --repo {at} --run {name}` lists its jobs, `{self} dashboard --repo {at} --run {name}` watches it again; its runner, if one runs, goes on"];
        }

        using var reader = new SnapshotReader(paths, TimeProvider.System);
        var status = reader.Read().Status;
        var ias = Self();
        var repo = Word(paths.RepoRoot);
        var lines = new List<string>
        {
            status.EngineAlive
                ? $"the engine keeps running without the dashboard: `{ias} dashboard --repo {repo}` watches it again, `{ias} run-halt --repo {repo}` stops it"
                : $"look again: `{ias} dashboard --repo {repo}`, or `{ias} run-status --repo {repo}`",
        };
        if (status.Run is { } run)
        {
            lines.Add(InertText.Line($"{run.Target} {RunWord.Of(run, status.Breaker)}; its work is on branch {run.Branch}: `git -C {repo} log --oneline {Word(run.Branch)}`"));
            if (!status.EngineAlive && WayBack(paths, run) is { } back)
            {
                lines.Add(back);
            }

            var prFile = Publisher.PrFile(paths);
            lines.Add(run.PrUrl is { } url ? $"the draft PR: {url}"
                : File.Exists(prFile) ? $"the PR text, to open it by hand: {prFile}"
                : $"the PR text goes to {prFile} when the sprint passes");
        }

        return lines;
    }

    /// <summary>
    /// A run that ended or halted leaves the checkout on its branch, switched from where the person started it: said when
    /// it happens, with the command back (the branch git was on before, as its reflog remembers it).
    /// </summary>
    public static string? WayBack(RunPaths paths, RunSnapshot run)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(run);
        var git = new GitCli(paths.RepoRoot);
        if (git.CurrentBranch() != run.Branch || git.Try("rev-parse", "--abbrev-ref", "@{-1}") is not { Ok: true } before)
        {
            return null;
        }

        var previous = before.Stdout.Trim();
        return previous.Length == 0 || previous == run.Branch || previous == "HEAD"
            ? null
            : $"your checkout is on the run's branch {run.Branch}; `git -C {Word(paths.RepoRoot)} switch {Word(previous)}` takes it back to {previous}"
                + (run.State is RunState.Halted ? ", and `ias run-resume` switches to the run's branch again" : "");
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
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:=@,".Contains(c)) ? s : IceShim.ShQuote(s);
}
