using Ias.Core.Jobs.Runner;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Records;

/// <summary>
/// Where a run's runner state lives, readable without the program: `docs/ias/runs/&lt;run&gt;/runner/` with config.json, state.json,
/// queue/{pending,running,blocked,done,failed}/ and jobs/&lt;job-id&gt;/; the runner's lock and agent pid stay in `.run/queue/`, out of git.
/// </summary>
public sealed class QueuePaths
{
    public QueuePaths(string repoRoot, string run)
    {
        if (NameProblem(run) is { } problem)
        {
            throw new QueueException(problem);
        }

        RepoRoot = Path.GetFullPath(repoRoot);
        Run = run;
        RunDir = Path.Combine(RunsDir(RepoRoot), run);
        RunnerDir = Path.Combine(RunDir, "runner");
        ConfigJson = Path.Combine(RunnerDir, "config.json");
        StateJson = Path.Combine(RunnerDir, "state.json");
        QueueDir = Path.Combine(RunnerDir, "queue");
        JobsDir = Path.Combine(RunnerDir, "jobs");
        RunnerLog = Path.Combine(RunnerDir, "runner.log");
        var local = Path.Combine(RepoRoot, ".run", "queue");
        Lock = Path.Combine(local, run + ".lock");
        AgentPid = Path.Combine(local, run + ".agent.pid");
        AuditState = Path.Combine(local, run + ".audit");
        Outage = Path.Combine(local, run + ".outage.json");
    }

    public string RepoRoot { get; }

    public string Run { get; }

    public string RunDir { get; }

    public string RunnerDir { get; }

    public string ConfigJson { get; }

    public string StateJson { get; }

    public string QueueDir { get; }

    public string JobsDir { get; }

    /// <summary>Where a detached runner (`ias run-loop --detach`) writes what a runner at a terminal prints.</summary>
    public string RunnerLog { get; }

    /// <summary>Held by the one runner of this run (see <see cref="Storage.EngineLock"/>).</summary>
    public string Lock { get; }

    /// <summary>While the runner's database is out of reach: since when, why, and when the runner gives up (<see cref="QueueOutageFile"/>).</summary>
    public string Outage { get; }

    /// <summary>The running agent's process group, so `recover` can stop an agent its killed runner left behind.</summary>
    public string AgentPid { get; }

    /// <summary>Where the audit trail's private index and last commit are kept, beside the lock (`.run/queue/RUN.audit.*`).</summary>
    public string AuditState { get; }

    /// <summary>
    /// Makes the run's folder in the work tree (no link on the way, writable by its owner alone) and checks that no other user
    /// of the machine could swap the runner's folder under it; a <see cref="QueueException"/> in one line otherwise.
    /// </summary>
    public void PrepareRunDir()
    {
        var relative = Path.GetRelativePath(RepoRoot, RunDir);
        if ((TreeFolder.Ensure(RepoRoot, relative) ?? TreeFolder.OpenToOthers(RepoRoot, Path.GetRelativePath(RepoRoot, RunnerDir))) is { } problem)
        {
            throw new QueueException($"the runner's folder of run {Run} cannot be used: {problem}");
        }
    }

    /// <summary>
    /// Makes the runner's folder ready for <see cref="RunnerLog"/>: null when a detached runner may append to it, or one line
    /// saying what is in the way. The folder lies in the work tree, so the log must be a real file under real folders,
    /// never a link an agent left to make ias append elsewhere.
    /// </summary>
    public string? PrepareRunnerLog()
    {
        if (TreeFolder.Ensure(RepoRoot, Path.GetRelativePath(RepoRoot, RunnerDir)) is { } problem)
        {
            return problem;
        }

        var shown = Path.GetRelativePath(RepoRoot, RunnerLog);
        return File.Exists(RunnerLog) || Directory.Exists(RunnerLog) || new FileInfo(RunnerLog).LinkTarget is not null
            ? FileStat.Of(RunnerLog) is { IsRegularFile: true } ? null
                : $"{shown} is a link or not a regular file, and a runner's log is appended to only as a real file; remove it (`rm {shown}`) and start the runner again"
            : null;
    }

    public static string RunsDir(string repoRoot) => Path.Combine(repoRoot, "docs", "ias", "runs");

    public string StateDir(JobState state) => Path.Combine(QueueDir, state.ToString().ToLowerInvariant());

    public string JobFile(JobState state, string id) => Path.Combine(StateDir(state), id + ".json");

    public string JobDir(string id) => Path.Combine(JobsDir, id);

    /// <summary>Null when <paramref name="name"/> can name a run folder; otherwise what is wrong and what to do.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrEmpty(name) || name is "." or ".." || name.Length > 100
            || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? $"run name \"{name}\" is not a plain name; use letters, digits, '-', '_' or '.', such as my-feature"
            : null;
}
