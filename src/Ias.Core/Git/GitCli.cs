namespace Ias.Core.Git;

/// <summary>The one place that runs `git`: a fixed environment, porcelain parsing, git's own message on failure.</summary>
/// <remarks><paramref name="executable"/> lets ICE's shim run the real git behind it; <paramref name="prefix"/> are git options put before every command (`-C DIR`, `-c k=v`).</remarks>
public sealed class GitCli(string repoRoot, TimeSpan? timeout = null, string executable = "git", IReadOnlyList<string>? prefix = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);
    private readonly IReadOnlyList<string> _prefix = prefix ?? [];

    // Never prompt (no terminal overnight), never page, and speak plain C so messages are stable.
    private static readonly IReadOnlyDictionary<string, string> FixedEnvironment = new Dictionary<string, string>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_PAGER"] = "cat",
        ["LC_ALL"] = "C",
        ["GIT_EDITOR"] = "true",
    };

    /// <summary>
    /// Settings before every command that keep git from running a program the tree or an agent could have chosen: no hook
    /// (a hooks folder inside the tree, such as husky's `.husky/`, runs `post-commit` even with `--no-verify`) and no file
    /// system monitor (a nested repository's or a `.git` file's config names one). Command-line settings reach the gits
    /// that git starts itself (a submodule's status) through GIT_CONFIG_PARAMETERS. Every other setting that names a
    /// program (a filter, a diff driver, an ssh command) comes from config files the agent cannot write, which
    /// <c>RepoGuard</c> compares after every turn.
    /// </summary>
    public static readonly IReadOnlyList<string> Hardening = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"];

    public string RepoRoot { get; } = repoRoot;

    /// <summary>The repository's common git dir, absolute (`rev-parse --git-common-dir`), asked once.</summary>
    public string CommonDir() => _commonDir ??= Path.GetFullPath(Path.Combine(RepoRoot, Run("rev-parse", "--git-common-dir").Trim()));

    private string? _commonDir;

    /// <summary>The same git (program, limit, options) in another work tree of the repository.</summary>
    public GitCli At(string root) => new(root, _timeout, executable, _prefix);

    /// <summary>The git program this runs, for a git the engine starts inside the agent's box.</summary>
    public string Executable => executable;

    /// <summary>Runs git and returns whatever it said; never throws on a non-zero exit.</summary>
    public GitResult Try(params string[] args) =>
        GitProcess.Run(executable, RepoRoot, [.. Hardening, .. _prefix, .. args], FixedEnvironment, _timeout, "git", Hardening.Count);

    /// <summary>
    /// The hooks folder the repository's own config chooses (core.hooksPath respected), where ICE's pre-push hook goes:
    /// asked without <see cref="Hardening"/>, which would answer /dev/null. `rev-parse` runs no hook and no monitor.
    /// </summary>
    public string HooksDir()
    {
        string[] args = ["rev-parse", "--git-path", "hooks"];
        var r = GitProcess.Run(executable, RepoRoot, [.. _prefix, .. args], FixedEnvironment, _timeout, "git");
        return r.Ok ? Path.GetFullPath(Path.Combine(RepoRoot, r.Stdout.Trim())) : throw Failed(args, r);
    }

    /// <summary>As <see cref="Try"/>, with more variables (a temporary GIT_INDEX_FILE) over the fixed environment.</summary>
    public GitResult TryWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var env = new Dictionary<string, string>(FixedEnvironment);
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        return GitProcess.Run(executable, RepoRoot, [.. Hardening, .. _prefix, .. args], env, _timeout, "git", Hardening.Count);
    }

    /// <summary>As <see cref="TryWith"/>, with <paramref name="input"/> on stdin and stdout's bytes as git wrote them.</summary>
    internal (GitResult Result, byte[] Stdout) TryBytes(IReadOnlyDictionary<string, string> environment, byte[]? input, params string[] args)
    {
        var env = new Dictionary<string, string>(FixedEnvironment);
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        return GitProcess.Capture(executable, RepoRoot, [.. Hardening, .. _prefix, .. args], env, _timeout, "git", Hardening.Count, input);
    }

    /// <summary>Runs git and returns stdout, or throws <see cref="GitException"/> with git's message.</summary>
    public string Run(params string[] args)
    {
        var r = Try(args);
        return r.Ok ? r.Stdout : throw Failed(args, r);
    }

    private static GitException Failed(string[] args, GitResult r)
    {
        var msg = (r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout).Trim().ReplaceLineEndings(" ");
        return new GitException(string.Join(' ', args), msg.Length > 0 ? msg : $"exit code {r.ExitCode}");
    }

    public bool IsRepository() => Try("rev-parse", "--is-inside-work-tree") is { Ok: true, Stdout: var s } && s.Trim() == "true";

    /// <summary>The checked-out branch, or null on a detached HEAD.</summary>
    public string? CurrentBranch()
    {
        var r = Try("symbolic-ref", "--quiet", "--short", "HEAD");
        return r.Ok ? r.Stdout.Trim() : null;
    }

    public string? HeadSha()
    {
        var r = Try("rev-parse", "--verify", "--quiet", "HEAD");
        return r.Ok ? r.Stdout.Trim() : null;
    }

    public bool BranchExists(string name) => Try("show-ref", "--verify", "--quiet", $"refs/heads/{name}").Ok;

    /// <summary>Switches to <paramref name="name"/>, creating it from HEAD when it does not exist.</summary>
    public void SwitchTo(string name)
    {
        if (BranchExists(name))
        {
            Run("switch", name);
        }
        else
        {
            Run("switch", "-c", name);
        }
    }

    /// <summary>Paths with uncommitted changes, tracked or untracked (`status --porcelain=v2 -z`).</summary>
    public IReadOnlyList<string> DirtyPaths() => ParseStatus(Run("status", "--porcelain=v2", "-z", "--untracked-files=all")).Dirty;

    /// <summary>
    /// The branch and the uncommitted paths from one `git status --porcelain=v2 --branch`, where
    /// <see cref="IsRepository"/>, <see cref="CurrentBranch"/> and <see cref="DirtyPaths"/> would start three gits; null
    /// outside a work tree.
    /// </summary>
    public WorkTreeStatus? Status()
    {
        string[] args = ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all"];
        var r = Try(args);

        // A work tree whose status git cannot read fails with git's own words, as DirtyPaths does.
        return r.Ok ? ParseStatus(r.Stdout) : IsRepository() ? throw Failed(args, r) : null;
    }

    private static WorkTreeStatus ParseStatus(string output)
    {
        string? branch = null;
        var paths = new List<string>();
        var records = output.Split('\0');
        for (var i = 0; i < records.Length; i++)
        {
            var rec = records[i];
            if (rec.Length == 0)
            {
                continue;
            }

            switch (rec[0])
            {
                case '1':
                    paths.Add(FieldsAfter(rec, 8));
                    break;
                case '2':
                    paths.Add(FieldsAfter(rec, 9));
                    i++; // the original path follows as its own NUL-terminated record
                    break;
                case 'u':
                    paths.Add(FieldsAfter(rec, 10));
                    break;
                case '?':
                    paths.Add(rec[2..]);
                    break;
                case '#' when rec.StartsWith(BranchHead, StringComparison.Ordinal):
                    // "(detached)" is no branch name: git refuses a branch named so.
                    branch = rec[BranchHead.Length..] is var head && head != "(detached)" ? head : null;
                    break;
            }
        }

        return new WorkTreeStatus(branch, paths);
    }

    private const string BranchHead = "# branch.head ";

    /// <summary>"work tree has 2 uncommitted change(s) (e.g. notes.txt)", the start of a refusal to work on a dirty tree; null when the tree is clean.</summary>
    /// <param name="ours">Paths the caller writes itself (a decision's record), which are nobody's edits; none when null.</param>
    public string? Uncommitted(Func<string, bool>? ours = null) =>
        new WorkTreeStatus(null, ours is null ? DirtyPaths() : [.. DirtyPaths().Where(p => !ours(p))]).Uncommitted;

    /// <summary>
    /// Why git could not commit here for want of a name or an email, in git's words and with what to do; null when it can.
    /// Asked as `git commit` resolves them (the repository's config, the global one, GIT_AUTHOR_* and GIT_COMMITTER_*),
    /// since a commit needs both an author and a committer and either may be the one missing.
    /// </summary>
    public string? IdentityProblem()
    {
        foreach (var who in (string[])["GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"])
        {
            if (Try("var", who) is { Ok: false } r)
            {
                // Git's last line is its reason ("fatal: unable to auto-detect email address (got 'me@host.(none)')").
                var said = (r.Stderr.Trim().Length > 0 ? r.Stderr : r.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var reason = said.Length == 0 ? $"git var {who} exited with {r.ExitCode}" : said[^1].Replace("fatal: ", "", StringComparison.Ordinal);
                return $"git cannot tell who commits in {RepoRoot} ({reason}): run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`";
            }
        }

        return null;
    }

    /// <summary>Stages everything and commits; returns the new sha, or null when nothing changed.</summary>
    /// <remarks>Our own state (`.run/`, the queue's runner folders) is in info/exclude (see RunPaths), so it never joins.</remarks>
    public string? CommitAll(string message)
    {
        Run("add", "-A");
        if (Try("diff", "--cached", "--quiet").Ok)
        {
            return null;
        }

        Run("commit", "--quiet", "--no-verify", "-m", message);
        return HeadSha();
    }

    /// <summary>
    /// Commits exactly <paramref name="paths"/>, which <see cref="DirtyPaths"/> just reported changed, as the work tree holds
    /// them, whatever else is changed or staged (a person's own edits stay where they are); returns the new sha, or null
    /// for no paths. Paths are literal. Changed by the status's word, they need no second look before the commit.
    /// </summary>
    public string? CommitOnly(string message, IReadOnlyCollection<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            return null;
        }

        Run(["--literal-pathspecs", "add", "-A", "--", .. paths]);
        Run(["--literal-pathspecs", "commit", "--quiet", "--no-verify", "--only", "-m", message, "--", .. paths]);
        return HeadSha();
    }

    /// <summary>Changes between two commits (`diff --name-status -z`), renames resolved.</summary>
    public IReadOnlyList<FileChange> Changes(string from, string to)
    {
        var output = Run("diff", "--name-status", "-z", "-M", from, to);
        var parts = output.Split('\0');
        var changes = new List<FileChange>();
        for (var i = 0; i + 1 < parts.Length;)
        {
            var status = parts[i];
            if (status.Length == 0)
            {
                break;
            }

            if (status[0] is 'R' or 'C')
            {
                changes.Add(new FileChange(status[0], parts[i + 2], parts[i + 1]));
                i += 3;
            }
            else
            {
                changes.Add(new FileChange(status[0], parts[i + 1]));
                i += 2;
            }
        }

        return changes;
    }

    public bool HasRemote(string name) => Try("remote", "get-url", name).Ok;

    /// <summary>`git push REMOTE BRANCH`, spelled as a full refspec so no push configuration can send it elsewhere.</summary>
    /// <remarks>
    /// No upstream is set: that writes the repository's config, which the guards of other engines at work in the
    /// repository read as a change made during their agent's turn.
    /// </remarks>
    public void Push(string remote, string branch) =>
        Run("push", "--quiet", remote, $"refs/heads/{branch}:refs/heads/{branch}");

    /// <summary>
    /// <paramref name="remote"/>'s copy of <paramref name="branch"/> as last fetched or pushed (origin/feature/x), or null when
    /// this repository has none.
    /// </summary>
    public string? RemoteBranch(string remote, string branch) =>
        Try("rev-parse", "--verify", "--quiet", $"refs/remotes/{remote}/{branch}").Ok ? $"{remote}/{branch}" : null;

    /// <summary>Commits HEAD has that <paramref name="other"/> lacks, and the other way round.</summary>
    public (int Ahead, int Behind) AheadBehind(string other)
    {
        var parts = Run("rev-list", "--left-right", "--count", $"{other}...HEAD").Split('\t', StringSplitOptions.TrimEntries);
        return (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Commits reachable from <paramref name="to"/> but not from <paramref name="from"/> (all of them when <paramref name="from"/> is the empty tree).</summary>
    public int CountCommits(string from, string to)
    {
        // From a commit, as it nearly always is, one git answers; the empty tree is no commit and makes it fail.
        if (Try("rev-list", "--count", $"{from}..{to}", "--") is { Ok: true, Stdout: var counted })
        {
            return int.Parse(counted.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var isCommit = Try("cat-file", "-t", from) is { Ok: true } t && t.Stdout.Trim() == "commit";
        var output = isCommit ? Run("rev-list", "--count", $"{from}..{to}") : Run("rev-list", "--count", to);
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Full SHAs of the commits in a range such as abc..HEAD, oldest first.</summary>
    public IReadOnlyList<string> Shas(string range) =>
        Run("rev-list", "--reverse", range).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Subjects of the commits in a range such as main..HEAD, newest first, each as "sha7 subject".</summary>
    public IReadOnlyList<string> Log(string range) =>
        Run("log", "--format=%h %s", range).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The newest <paramref name="max"/> commits of a range such as main..feature/sprint-1, newest first; none when the range does not resolve.</summary>
    public IReadOnlyList<CommitLine> Commits(string range, int max)
    {
        // A record separator before each commit and unit separators between its fields; --shortstat follows the header.
        if (Try("log", $"-n{max}", "--format=%x1e%H%x1f%cI%x1f%s", "--shortstat", range, "--") is not { Ok: true, Stdout: var output })
        {
            return [];
        }

        var commits = new List<CommitLine>();
        foreach (var record in output.Split('\x1e', StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = record.Split('\n', 2);
            var fields = lines[0].Split('\x1f');
            if (fields.Length < 3 || !DateTimeOffset.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var when))
            {
                continue;
            }

            var stat = lines.Length > 1 ? lines[1] : "";
            commits.Add(new CommitLine(fields[0], fields[2], when, Stat(stat, "file"), Stat(stat, "insertion"), Stat(stat, "deletion")));
        }

        return commits;

        // " 2 files changed, 5 insertions(+), 1 deletion(-)": the number before each word, 0 where git leaves it out.
        static int Stat(string shortstat, string word)
        {
            var at = shortstat.IndexOf(" " + word, StringComparison.Ordinal);
            if (at < 0)
            {
                return 0;
            }

            var start = at;
            while (start > 0 && char.IsAsciiDigit(shortstat[start - 1]))
            {
                start--;
            }

            return int.Parse(shortstat.AsSpan(start, at - start), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A commit's message, file summary and patch as plain text lines, at most <paramref name="maxLines"/> of them.</summary>
    public IReadOnlyList<string> Show(string sha, int maxLines)
    {
        var text = Try("show", "--no-color", "--stat", "--patch", "--format=commit %H%nDate:   %cI%n%n%w(0,4,4)%B", sha, "--") is { Ok: true, Stdout: var s } ? s : "";
        return text.Split('\n').Take(maxLines).ToList();
    }

    /// <summary>Lines added and deleted per path between two commits (`diff --numstat -z`); binary files count as 0.</summary>
    public IReadOnlyList<LineStat> NumStat(string from, string to) => ParseNumStat(Run("diff", "--numstat", "-z", "-M", from, to));

    private static List<LineStat> ParseNumStat(string output)
    {
        var parts = output.Split('\0');
        var stats = new List<LineStat>();
        for (var i = 0; i < parts.Length; i++)
        {
            var fields = parts[i].Split('\t');
            if (fields.Length < 3)
            {
                continue;
            }

            // A rename leaves the path field empty and puts the old and new paths in the next two records.
            var path = fields[2];
            if (path.Length == 0 && i + 2 < parts.Length)
            {
                path = parts[i + 2];
                i += 2;
            }

            stats.Add(new LineStat(Count(fields[0]), Count(fields[1]), path));
        }

        return stats;

        static int Count(string s) => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>
    /// What the last <paramref name="commits"/> commits up to <paramref name="head"/> changed, as one diff path by path: each
    /// file once, however many of them touched it, as a reviewer of their pull request sees them. Counted from the empty
    /// tree when they reach back to the repository's first commit.
    /// </summary>
    public IReadOnlyList<LineStat> ChangesOfLast(int commits, string head)
    {
        if (commits <= 0)
        {
            return [];
        }

        // One git when the commits have a parent before them; "--" keeps git from reading a missing revision as a path.
        if (Try("diff", "--numstat", "-z", "-M", $"{head}~{commits}", head, "--") is { Ok: true, Stdout: var stats })
        {
            return ParseNumStat(stats);
        }

        var before = Try("rev-parse", "--verify", "--quiet", $"{head}~{commits}") is { Ok: true, Stdout: var sha } ? sha.Trim() : EmptyTree();
        return NumStat(before, head);
    }

    /// <summary>The commit of the run's first change: the empty tree when the repository has none.</summary>
    public string Base() => HeadSha() ?? EmptyTree();

    private string EmptyTree() => Run("hash-object", "-t", "tree", "/dev/null").Trim();

    private static string FieldsAfter(string record, int fieldCount)
    {
        var idx = 0;
        for (var n = 0; n < fieldCount; n++)
        {
            idx = record.IndexOf(' ', idx) + 1;
        }

        return record[idx..];
    }
}
