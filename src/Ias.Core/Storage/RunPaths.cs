namespace Ias.Core.Storage;

/// <summary>Where a repository's run state lives: everything under `&lt;repo&gt;/.run/`, where the original Run Mode tools keep theirs.</summary>
public sealed class RunPaths
{
    // Our own state, never the agent's work: `.run/`, the queue's runner folders, the guardrails' and runs' trajectory logs,
    // which a Run Mode pre-flight would otherwise count as a dirty work tree and an implement commit would sweep up.
    private static readonly (string Line, string[] Equivalents)[] ExcludeLines =
    [
        (".run/", [".run/", "/.run/", ".run", "/.run"]),
        ("/docs/ias/runs/*/runner/", ["/docs/ias/runs/*/runner/", "docs/ias/runs/*/runner/", "/docs/ias/runs/*/runner", "docs/ias/runs/*/runner"]),
        ("/grimoires/loa/a2a/trajectory/guardrails-*.jsonl", ["/grimoires/loa/a2a/trajectory/guardrails-*.jsonl", "grimoires/loa/a2a/trajectory/guardrails-*.jsonl"]),
        ("/grimoires/loa/a2a/trajectory/run-*.jsonl", ["/grimoires/loa/a2a/trajectory/run-*.jsonl", "grimoires/loa/a2a/trajectory/run-*.jsonl"]),
    ];

    /// <summary>The paths of <paramref name="repoRoot"/>'s first lane, `.run/` itself, where a run goes when no other works there.</summary>
    public RunPaths(string repoRoot)
        : this(repoRoot, lane: null)
    {
    }

    private RunPaths(string repoRoot, string? lane)
    {
        RepoRoot = Path.GetFullPath(repoRoot);
        RunDir = Path.Combine(RepoRoot, ".run");
        Lane = lane;
        LaneDir = lane is null ? RunDir : Path.Combine(RunDir, LanesFolder, lane);
    }

    private const string LanesFolder = "lanes";

    public string RepoRoot { get; }

    /// <summary>The lane these paths name: null for `.run/` itself, else a run's beside it, `.run/lanes/NAME/`.</summary>
    /// <remarks>
    /// A lane has its own state.json, circuit-breaker.json, rate-limit.json (its mirror of the one window), agent.pid and
    /// locks; the database and the queue stay the repository's.
    /// </remarks>
    public string? Lane { get; }

    /// <summary>The folder of <see cref="Lane"/>'s own files: `.run/` for the first lane.</summary>
    public string LaneDir { get; }

    /// <summary>The paths of lane <paramref name="lane"/> of this repository (null: `.run/` itself).</summary>
    public RunPaths InLane(string? lane) => lane == Lane ? this : new RunPaths(RepoRoot, lane);

    /// <summary>The lanes that have a folder: `.run/` first, then `.run/lanes/*` by name.</summary>
    public IReadOnlyList<RunPaths> Lanes()
    {
        var dir = Path.Combine(RunDir, LanesFolder);
        var named = Directory.Exists(dir) ? Directory.GetDirectories(dir).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList() : [];
        return [InLane(null), .. named.Select(InLane)];
    }

    /// <summary>` --run BRANCH` in a lane beside `.run/`, which commands acting on one run need to find it; empty for `.run/`'s.</summary>
    public string Naming(string branch) => Lane is null ? "" : $" --run {branch}";

    /// <summary>The lane a run on <paramref name="branch"/> takes when `.run/` is another's: named by the branch, as its worktree is.</summary>
    public static string LaneOf(string branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return branch.Replace('/', '-');
    }

    public string RunDir { get; }

    public string Database => Path.Combine(RunDir, "ias.db");

    public string State => Path.Combine(LaneDir, "state.json");

    public string CircuitBreaker => Path.Combine(LaneDir, "circuit-breaker.json");

    public string RateLimit => Path.Combine(LaneDir, "rate-limit.json");

    public string DeletedFiles => Path.Combine(LaneDir, "deleted-files.log");

    public string JobsDir => Path.Combine(RunDir, "jobs");

    public string EngineLog => Path.Combine(RunDir, "engine.log");

    /// <summary>Held by the one engine working in this repository (see <see cref="Storage.EngineLock"/>).</summary>
    public string EngineLock => Path.Combine(LaneDir, "engine.lock");

    /// <summary>Held by the one run, plan, bug run or writing queue job that may change the work tree (see <see cref="Storage.CheckoutLock"/>).</summary>
    public string CheckoutLock => Path.Combine(LaneDir, "checkout.lock");

    /// <summary>The running agent's process group, so an engine killed mid-phase leaves no agent behind its successor.</summary>
    public string AgentPid => Path.Combine(LaneDir, "agent.pid");

    /// <summary>`.run/sprint-plan-state.json`: the progress of `ias run sprint-plan`, in the original Run Mode tools' format.</summary>
    public string SprintPlanState => Path.Combine(LaneDir, "sprint-plan-state.json");

    /// <summary>`.run/bugs/`: one folder per bug run with its state.json and circuit-breaker.json.</summary>
    public string BugsDir => Path.Combine(RunDir, "bugs");

    /// <summary>
    /// `grimoires/loa/a2a/trajectory/`, where the original Run Mode tools log their guardrail checks; in the work tree,
    /// unlike the rest of this list, so ias's guardrails-*.jsonl files there are kept out of git as `.run/` is.
    /// </summary>
    public string TrajectoryDir => Path.Combine(RepoRoot, "grimoires", "loa", "a2a", "trajectory");

    /// <summary>A path under the repo as messages show it: ".run/state.json".</summary>
    public string Display(string path) => Path.GetRelativePath(RepoRoot, path).Replace('\\', '/');

    /// <summary>
    /// Creates `.run/` for its owner alone (an older, looser one is tightened) and lists it, the queue's runner folders and the guardrails' trajectory logs in the repository's `info/exclude`, so run state never
    /// shows in `git status` or gets committed.
    /// </summary>
    public void EnsureCreated()
    {
        try
        {
            OwnerOnly.CreateFolderTight(RunDir);
            if (Lane is not null)
            {
                OwnerOnly.CreateFolderTight(Path.Combine(RunDir, LanesFolder));
                OwnerOnly.CreateFolderTight(LaneDir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (DiskFaults.Explain(e, RunDir, RunDir, Directory.Exists(RunDir) ? RunDir : RepoRoot) is { } fault)
            {
                throw fault;
            }

            throw;
        }

        if (FindGitCommonDir() is { } gitDir)
        {
            Exclude(Path.Combine(gitDir, "info", "exclude"));
        }
    }

    /// <summary>Removes a `.run/` that holds only what opening the engine makes and records nothing: a start refused at pre-flight leaves nothing.</summary>
    /// <remarks>
    /// What opening makes: the database and its journals, engine.log, a lock no one holds. Anything else there (another
    /// command's run or job, made meanwhile) keeps it.
    /// </remarks>
    public void RemoveIfUnused()
    {
        string[] opened = ["ias.db", "ias.db-wal", "ias.db-shm", "ias.db-journal", "engine.log", "engine.lock"];
        // An engine that started meanwhile holds the lock while it is in its own pre-flight.
        if (!Directory.Exists(RunDir) || Directory.EnumerateFileSystemEntries(RunDir).Any(e => !opened.Contains(Path.GetFileName(e)) || Directory.Exists(e))
            || Storage.EngineLock.IsHeld(EngineLock, out _))
        {
            return;
        }

        if (File.Exists(Database))
        {
            using var store = RunStore.Open(Database);
            if (!store.RecordsNothing())
            {
                return;
            }
        }

        Directory.Delete(RunDir, recursive: true);
    }

    private static void Exclude(string exclude)
    {
        var existing = File.Exists(exclude) ? File.ReadAllText(exclude) : "";
        var present = existing.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var missing = ExcludeLines.Where(e => !e.Equivalents.Any(present.Contains)).Select(e => e.Line + "\n").ToList();
        if (missing.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
        var separator = existing.Length == 0 || existing.EndsWith('\n') ? "" : "\n";
        File.AppendAllText(exclude, separator + string.Concat(missing));
    }

    // A linked worktree has a `.git` file ("gitdir: <repo>/.git/worktrees/<name>") whose directory names the
    // shared repository in `commondir`; git reads info/exclude from that shared directory, not the worktree's.
    private string? FindGitCommonDir()
    {
        var dotGit = Path.Combine(RepoRoot, ".git");
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }

        if (!File.Exists(dotGit))
        {
            return null;
        }

        var line = File.ReadLines(dotGit).FirstOrDefault()?.Trim();
        const string prefix = "gitdir:";
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var gitDir = Path.GetFullPath(Path.Combine(RepoRoot, line[prefix.Length..].Trim()));
        var commonFile = Path.Combine(gitDir, "commondir");
        var common = File.Exists(commonFile)
            ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonFile).Trim()))
            : gitDir;
        return Directory.Exists(common) ? common : null;
    }
}
