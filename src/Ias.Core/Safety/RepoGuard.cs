using System.Security.Cryptography;
using Ias.Core.Git;

namespace Ias.Core.Safety;

/// <summary>
/// ICE after the turn: what the agent must not change, taken before it starts and compared when it ends. Every ref but the
/// turn's branch stays where it was; the turn's branch only moves forward, so every commit the engine made is still on it;
/// the remote's protected branches stay put; hooks and git config stay byte for byte. The box makes these impossible, and
/// without it (`--no-sandbox`) a git started by full path could still do them: this is how ias finds out either way.
/// </summary>
public sealed class RepoGuard(GitCli git, string remote)
{
    private (List<string> Files, List<string> Dirs)? _watched;
    private (Dictionary<string, string> Files, bool Has)? _remoteSeen;

    /// <summary>What the turn may not change, as it stands now. The files are read before git runs: a rewritten config could make git run a command.</summary>
    public RepoState Take() => Take(Files());

    /// <summary>
    /// Each thing the turn changed that it must not, as one line naming it and how to put it back; empty when nothing.
    /// When a hook or git config changed, git is not run again: the changed file could make it run the agent's command outside the box.
    /// </summary>
    public IReadOnlyList<string> Verify(RepoState before, bool writes, string role) => Verify(before, writes, role, out _);

    /// <summary>As <see cref="Verify(RepoState, bool, string)"/>, with the state after the turn; null when git was not run again.</summary>
    public IReadOnlyList<string> Verify(RepoState before, bool writes, string role, out RepoState? after)
    {
        ArgumentNullException.ThrowIfNull(before);
        var files = Files();
        var changedFiles = Compare(before, before with { Files = files }, writes, role, (_, _) => true);
        if (changedFiles.Count > 0)
        {
            after = null;
            return changedFiles;
        }

        // The remote is compared only when it was there before the turn: one that appeared has nothing to be compared with.
        after = Take(files, askRemote: before.Remote is not null);
        return Compare(before, after, writes, role, IsAncestor);
    }

    private Dictionary<string, string> Files() => WatchedFiles().ToDictionary(p => p, Hash, StringComparer.Ordinal);

    private RepoState Take(Dictionary<string, string> files, bool askRemote = true)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        string? branch = null;
        var others = RunWorktree.Root(git) + Path.DirectorySeparatorChar;

        // One git for the refs, the branch and where each is checked out: %(HEAD) marks the ref HEAD points at with "*".
        foreach (var line in git.Run("for-each-ref", "--format=%(HEAD)%(refname) %(objectname)%00%(worktreepath)").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (refLine, tree) = line.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0 ? (line[..nul], line[(nul + 1)..]) : (line, "");
            var (name, sha) = Split(refLine[1..]);
            if (tree.StartsWith(others, StringComparison.Ordinal) && tree != git.RepoRoot)
            {
                elsewhere.Add(name);
            }

            if (line[0] == '*' && name.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                branch = name["refs/heads/".Length..];
            }

            // Remote-tracking refs follow a fetch, which is only reading. The queue's audit trails (refs/ias/runs/) move between
            // the jobs of a runner that may work beside this turn; their writer refuses any move but its own (AuditRef).
            if (!name.StartsWith("refs/remotes/", StringComparison.Ordinal) && !name.StartsWith(AuditRef.Namespace, StringComparison.Ordinal))
            {
                refs[name] = sha;
            }
        }

        // No ref is HEAD's on a detached HEAD or on a branch without commits yet, which only symbolic-ref tells apart.
        return new RepoState(branch ?? git.CurrentBranch(), refs, files, askRemote ? ProtectedOnRemote(files) : null) { Elsewhere = elsewhere };
    }

    /// <summary>Each thing the turn changed that it must not, as one line naming it and how to put it back; empty when nothing.</summary>
    public static IReadOnlyList<string> Compare(RepoState before, RepoState after, bool writes, string role, Func<string, string, bool> isAncestor)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(isAncestor);
        var breaches = new List<string>();
        foreach (var (path, hash) in before.Files)
        {
            if (after.Files.GetValueOrDefault(path) != hash)
            {
                breaches.Add($"{path} changed during the {role}'s turn: check it, and put it back as it was");
            }
        }

        foreach (var path in after.Files.Keys.Except(before.Files.Keys, StringComparer.Ordinal))
        {
            breaches.Add($"{path} appeared during the {role}'s turn: check it, and remove it");
        }

        var turnRef = before.Branch is { } b ? "refs/heads/" + b : null;
        foreach (var (name, sha) in before.Refs)
        {
            var now = after.Refs.GetValueOrDefault(name);
            if (now == sha || AnotherEngines(name, turnRef, before, after))
            {
                continue;
            }

            if (now is null)
            {
                breaches.Add($"{name} was deleted during the {role}'s turn: restore it with `git update-ref {name} {sha}`");
            }
            else if (name != turnRef || !writes)
            {
                breaches.Add($"{name} moved from {Short(sha)} to {Short(now)} during the {role}'s turn: restore it with `git update-ref {name} {sha}`");
            }
            else if (!isAncestor(sha, now))
            {
                breaches.Add($"the {role} rewrote {before.Branch}: its commit {Short(sha)} is no longer on it; restore it with `git update-ref {name} {sha}`");
            }
        }

        foreach (var name in after.Refs.Keys.Except(before.Refs.Keys, StringComparer.Ordinal).Where(n => ProtectedBranches.IsProtected(n) || !n.StartsWith("refs/heads/", StringComparison.Ordinal)))
        {
            breaches.Add($"{name} was created during the {role}'s turn: remove it with `git update-ref -d {name}`");
        }

        if (before.Remote is { } was && after.Remote is { } isNow)
        {
            foreach (var name in was.Keys.Union(isNow.Keys, StringComparer.Ordinal).Where(n => was.GetValueOrDefault(n) != isNow.GetValueOrDefault(n)))
            {
                breaches.Add($"{name} on the remote changed from {Short(was.GetValueOrDefault(name))} to {Short(isNow.GetValueOrDefault(name))} during the {role}'s turn: a person must check the remote");
            }
        }

        return breaches;
    }

    /// <summary>Whether <paramref name="name"/> is another engine's branch, which it moves as it works beside this turn.</summary>
    /// <remarks>One checked out in a worktree of ias's but this one, before or after the turn, or a queue's (`ias/…`); never a protected branch.</remarks>
    private static bool AnotherEngines(string name, string? turnRef, RepoState before, RepoState after) =>
        name != turnRef && !ProtectedBranches.IsProtected(name)
        && (before.Elsewhere.Contains(name) || after.Elsewhere.Contains(name) || name.StartsWith("refs/heads/ias/", StringComparison.Ordinal));

    /// <summary>Whether <paramref name="ancestor"/> is on the history of <paramref name="descendant"/>.</summary>
    private bool IsAncestor(string ancestor, string descendant) => git.Try("merge-base", "--is-ancestor", ancestor, descendant).Ok;

    /// <summary>The remote's protected branches; null when there is no such remote or it cannot be reached (the turn's other checks still hold).</summary>
    private Dictionary<string, string>? ProtectedOnRemote(Dictionary<string, string> files)
    {
        // Whether the remote exists is written in the git config this guard hashes: with the same bytes, the same answer.
        var has = _remoteSeen is { } seen && SameFiles(seen.Files, files) ? seen.Has : git.HasRemote(remote);
        _remoteSeen = (files, has);
        if (!has)
        {
            return null;
        }

        var listed = git.Try("ls-remote", "--heads", remote);
        return listed.Ok
            ? listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t', 2))
                .Where(r => r.Length == 2 && ProtectedBranches.IsProtected(r[1].Trim()))
                .Select(r => (Name: r[1].Trim(), Sha: r[0].Trim()))
                .ToDictionary(r => r.Name, r => r.Sha, StringComparer.Ordinal)
            : null;
    }

    /// <summary>
    /// The hooks, and every git config file that decides which commands git runs for the engine: each file
    /// `git config --list --show-origin` reads (the system's, the global and XDG ones, the repository's, every include), the
    /// files an include names that do not exist yet, and the usual global places even when absent. Where they are is asked
    /// of git once, before the first turn this guard watches: after a turn, a changed config must not choose what is
    /// compared, and the run's own pre-push hook stays in the hooks folder it found at its start too.
    /// </summary>
    public (IReadOnlyList<string> Files, IReadOnlyList<string> Dirs) Watched
    {
        get
        {
            _watched ??= Locate();
            return (_watched.Value.Files, _watched.Value.Dirs);
        }
    }

    /// <summary>The repository's main work tree (the common git dir's folder): a run's worktree holds the same paths.</summary>
    public string? MainTree
    {
        get
        {
            _watched ??= Locate();
            return _mainTree;
        }
    }

    private string? _mainTree;

    private IEnumerable<string> WatchedFiles()
    {
        var (files, dirs) = Watched;
        return files.Where(File.Exists)
            .Concat(dirs.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    private (List<string> Files, List<string> Dirs) Locate()
    {
        var files = new List<string>();
        var dirs = new List<string>();

        // The common git dir (its config and default hooks), and the hooks folder the repository's config chooses.
        if (CommonDir(git) is { } dir)
        {
            _mainTree = Path.GetFileName(dir) == ".git" ? Path.GetDirectoryName(dir) : null;
            files.Add(Path.Combine(dir, "config"));
            dirs.Add(Path.Combine(dir, "hooks"));
        }

        dirs.Add(git.HooksDir());
        files.AddRange(ConfigFiles(git));
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : null;
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x : home is null ? null : Path.Combine(home, ".config");
        if (home is not null)
        {
            files.Add(Path.Combine(home, ".gitconfig"));
        }

        if (xdg is not null)
        {
            files.Add(Path.Combine(xdg, "git", "config"));
        }

        files.Add("/etc/gitconfig");
        return ([.. files.Distinct(StringComparer.Ordinal)], [.. dirs.Distinct(StringComparer.Ordinal)]);
    }

    private static string? CommonDir(GitCli git)
    {
        try
        {
            return git.CommonDir();
        }
        catch (GitException)
        {
            return null;
        }
    }

    /// <summary>
    /// Every config file git reads here (`--show-origin`), and each file an include names, read or not: an include of a
    /// file that does not exist yet is skipped by git, and an agent that makes it would add settings unseen.
    /// </summary>
    public static IEnumerable<string> ConfigFiles(GitCli git)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (git.Try("config", "--list", "--show-origin", "-z") is not { Ok: true, Stdout: var listed })
        {
            yield break;
        }

        // With -z each entry is "origin NUL key LF value NUL".
        var parts = listed.Split('\0');
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            if (!parts[i].StartsWith("file:", StringComparison.Ordinal))
            {
                continue;
            }

            var origin = Path.GetFullPath(Path.Combine(git.RepoRoot, parts[i]["file:".Length..]));
            yield return origin;
            var entry = parts[i + 1].Split('\n', 2);
            var key = entry[0].ToLowerInvariant();
            if (entry.Length == 2 && (key == "include.path" || (key.StartsWith("includeif.", StringComparison.Ordinal) && key.EndsWith(".path", StringComparison.Ordinal))))
            {
                yield return IncludedPath(entry[1], origin);
            }
        }
    }

    /// <summary>An include's path as git resolves it: `~/` from the home, relative to the folder of the file that names it.</summary>
    private static string IncludedPath(string value, string origin)
    {
        if (value.StartsWith("~/", StringComparison.Ordinal) && Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home)
        {
            return Path.GetFullPath(Path.Combine(home, value[2..]));
        }

        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(origin)!, value));
    }

    private static bool SameFiles(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(f => b.TryGetValue(f.Key, out var hash) && hash == f.Value);

    private static string Hash(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    private static (string Name, string Sha) Split(string line)
    {
        var space = line.LastIndexOf(' ');
        return space < 0 ? (line.Trim(), "") : (line[..space].Trim(), line[(space + 1)..].Trim());
    }

    private static string Short(string? sha) => sha is null ? "nothing" : sha.Length > 7 ? sha[..7] : sha;
}
