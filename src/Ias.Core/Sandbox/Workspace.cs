using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ias.Core.Git;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>
/// A run's private workspace: a clone of the checkout the agent works in, inside its box, so that it never writes the
/// checkout. It shares the checkout's objects (`clone --shared`: no copy of history; the checkout's git dir stays
/// read-only in the box) and stays for the run, so ignored files such as build caches survive between turns. Its
/// `.git` is the agent's: hooks, config, attributes and nested repositories in it are the agent's to set, so every git
/// the engine runs in it runs inside the box too. What leaves it is the turn's change as a patch (<see cref="TurnPatch"/>).
/// </summary>
/// <remarks>
/// It lives under the user's cache (`$XDG_CACHE_HOME/ias/workspaces`), owner-only, rather than under `.run/`: the box
/// keeps `.run/` read-only over anything bound inside it.
/// </remarks>
public sealed partial class Workspace
{
    private static readonly TimeSpan GitLimit = TimeSpan.FromMinutes(5);
    private readonly GitCli _checkout;
    private readonly AgentBox _box;
    private string? _objects;

    public Workspace(GitCli checkout, string path, AgentBox box)
    {
        _checkout = checkout;
        Path = path;
        _box = box;
    }

    /// <summary>The workspace's folder: the agent's tree and working directory.</summary>
    public string Path { get; }

    /// <summary>The workspace named <paramref name="name"/> (a run's id, a runner's) of the checkout at <paramref name="repoRoot"/>, made from <paramref name="tree"/>.</summary>
    /// <remarks><paramref name="tree"/> is the git the run works in: the checkout, or the run's worktree of it.</remarks>
    public static Workspace For(GitCli tree, string repoRoot, string name, AgentBox box)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new Workspace(tree, System.IO.Path.Combine(Root(repoRoot), "w-" + Safe(name)), box);
    }

    /// <summary>The folder of every workspace of one checkout: under the cache, named by the checkout's folder and a hash of its path.</summary>
    public static string Root(string repoRoot)
    {
        var full = System.IO.Path.GetFullPath(repoRoot);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x && System.IO.Path.IsPathRooted(x)
            ? x
            : System.IO.Path.Combine(Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : System.IO.Path.GetTempPath(), ".cache");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12].ToLowerInvariant();
        return System.IO.Path.Combine(cache, "ias", "workspaces", Safe(System.IO.Path.GetFileName(full)) + "-" + hash);
    }

    /// <summary>
    /// Brings the workspace to <paramref name="baseCommit"/> on <paramref name="branch"/>, made first (or again, when the agent
    /// broke it): a null answer when it is ready, else one line saying what failed and what to do.
    /// </summary>
    /// <param name="branch">The checkout's branch, which the workspace takes the name of.</param>
    /// <param name="baseCommit">The checkout as the turn starts (<see cref="Snapshot"/>).</param>
    /// <param name="scratch">A folder of the engine's for the box's own files.</param>
    public string? Sync(string branch, string baseCommit, string scratch)
    {
        if (!Sound() || SyncInBox(branch, baseCommit, scratch) is not null)
        {
            Remove();
            if (Create() is { } notMade)
            {
                return notMade;
            }

            if (SyncInBox(branch, baseCommit, scratch) is { } failed)
            {
                return $"the agent's workspace {Path} could not be brought to {baseCommit[..7]} ({failed}); remove it and `ias run-resume`";
            }
        }

        return null;
    }

    /// <summary>
    /// The change the workspace holds since <paramref name="baseCommit"/> as a binary patch, written by git in the box to its
    /// stdout and read by the engine from the pipe; larger than <paramref name="limit"/> bytes, it is not kept.
    /// </summary>
    /// <remarks>
    /// That git has a git dir of the engine's (made fresh in <paramref name="scratch"/>, objects borrowed from the checkout)
    /// and no config file but that, so no filter, textconv or other program the workspace's config names runs while the
    /// patch is written, and nothing else in the box can write to the pipe the patch comes through.
    /// </remarks>
    public BoxPatch WritePatch(string baseCommit, long limit, string scratch)
    {
        // The file limit (in 512-byte blocks) stops a patch that would fill the disk; git is then killed by SIGXFSZ. A file
        // larger than the limit is left out before git reads it (a sparse gigabyte would cost git a gigabyte of memory)
        // and listed in TooLarge.
        var blocks = Math.Min(limit / 512 + 2, _box.Layout.Limits.WorkspaceBytes / 512).ToString(CultureInfo.InvariantCulture);
        var kib = (limit / 1024).ToString(CultureInfo.InvariantCulture);
        var gitDir = PatchGitDir(scratch);
        MakePatchGitDir(gitDir, scratch);
        var (problem, patch, dropped) = RunInBox(scratch, $"""
            ulimit -f {blocks}
            find . -path ./.git -prune -o -type f -size +{kib}k -printf '%P\0' > "$5"
            (printf '.\0'; find . -path ./.git -prune -o -type f -size +{kib}k -printf ':(exclude,literal)%P\0') > "$5.spec"
            g for-each-ref '--format=%(refname) %(objectname)' refs/heads refs/tags > "$4"
            echo "ias:git-files $(cat .git/config .git/hooks/* 2>/dev/null | cksum | tr ' ' -)" >> "$4"
            if g merge-base --is-ancestor "$2" HEAD; then echo "ias:base-kept yes"; else echo "ias:base-kept no"; fi >> "$4"
            export GIT_DIR="$3" GIT_WORK_TREE="$PWD" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_ATTR_NOSYSTEM=1
            [ -f "$GIT_DIR/index" ] || g read-tree "$2"
            g add -A --ignore-errors --pathspec-from-file="$5.spec" --pathspec-file-nul >&2 || true
            g diff --cached --binary --full-index --no-renames --no-ext-diff --no-textconv --no-color --submodule=short --src-prefix=a/ --dst-prefix=b/ "$2" --
            """, (int)Math.Min(limit + 1, Array.MaxLength), baseCommit, gitDir, RefsAfter(scratch), TooLarge(scratch));
        AgentFile.Remove(gitDir);
        return problem is not null ? new BoxPatch([], problem, false) : new BoxPatch(patch, null, dropped > 0 || patch.Length > limit);
    }

    /// <summary>The engine's git dir for writing a turn's patch: HEAD, refs, the checkout's objects borrowed, and the index the sync left.</summary>
    private void MakePatchGitDir(string gitDir, string scratch)
    {
        // A box that ran since the engine last wrote here may have left anything at this path: it is made again from nothing.
        AgentFile.Remove(gitDir);
        OwnerOnly.CreateFolder(System.IO.Path.Combine(gitDir, "objects", "info"));
        OwnerOnly.CreateFolder(System.IO.Path.Combine(gitDir, "refs"));
        File.WriteAllText(System.IO.Path.Combine(gitDir, "HEAD"), "ref: refs/heads/ias-patch\n");
        _objects ??= System.IO.Path.Combine(_checkout.CommonDir(), "objects");
        File.WriteAllText(System.IO.Path.Combine(gitDir, "objects", "info", "alternates"), _objects + "\n");

        // The workspace's index as the sync left it keeps git's record of file times, so only changed files are read again;
        // it is data to git, and whatever it says, only the paths of the patch it yields are judged.
        if (AgentFile.Read(BaseIndex(scratch), 1L << 30).Bytes is { Length: > 0 } index)
        {
            using var file = OwnerOnly.Open(System.IO.Path.Combine(gitDir, "index"), FileMode.Create, FileAccess.Write, FileShare.None);
            file.Write(index);
        }
    }

    /// <summary>
    /// The checkout as the turn starts, as a commit: HEAD when nothing is uncommitted, else a commit on HEAD of the whole
    /// tree (the engine's own records not yet committed, such as a review's feedback), made with a temporary index and no
    /// ref, so the agent sees what the engine would commit and its patch applies to exactly that.
    /// </summary>
    public string Snapshot(string scratch)
    {
        var head = _checkout.HeadSha();
        if (head is not null && _checkout.DirtyPaths().Count == 0)
        {
            return head;
        }

        OwnerOnly.CreateFolder(scratch);
        var index = System.IO.Path.Combine(scratch, "checkout.index");
        var real = System.IO.Path.GetFullPath(System.IO.Path.Combine(_checkout.RepoRoot, _checkout.Run("rev-parse", "--git-path", "index").Trim()));
        if (File.Exists(real))
        {
            // A copy keeps git's record of file times, so only the changed files are read again.
            File.Copy(real, index, overwrite: true);
        }

        var env = new Dictionary<string, string>
        {
            ["GIT_INDEX_FILE"] = index,
            ["GIT_AUTHOR_NAME"] = "ias",
            ["GIT_AUTHOR_EMAIL"] = "ias@localhost",
            ["GIT_COMMITTER_NAME"] = "ias",
            ["GIT_COMMITTER_EMAIL"] = "ias@localhost",
        };
        try
        {
            Ok(_checkout.TryWith(env, "add", "-A"));
            var tree = Ok(_checkout.TryWith(env, "write-tree")).Trim();
            string[] parent = head is null ? [] : ["-p", head];
            return Ok(_checkout.TryWith(env, ["commit-tree", tree, .. parent, "-m", "ias: the checkout as the agent's turn starts"])).Trim();
        }
        finally
        {
            File.Delete(index);
        }

        static string Ok(GitResult r) => r.Ok ? r.Stdout : throw new GitException("snapshot of the checkout", r.Stderr.Trim().ReplaceLineEndings(" "));
    }

    /// <summary>Deletes the workspace as files: links in it are removed, never followed.</summary>
    public void Remove() => AgentFile.Remove(Path);

    /// <summary>Whether the workspace is a folder with a `.git` folder of its own (no link at either), as <see cref="Create"/> left it.</summary>
    private bool Sound()
    {
        var dir = new DirectoryInfo(Path);
        var git = new DirectoryInfo(System.IO.Path.Combine(Path, ".git"));
        return dir is { Exists: true, LinkTarget: null } && git is { Exists: true, LinkTarget: null };
    }

    /// <summary>The clone, made by the engine from the checkout: fetching from the user's own repository runs nothing of the agent's.</summary>
    private string? Create()
    {
        OwnerOnly.CreateFolder(System.IO.Path.GetDirectoryName(Path)!);
        var r = _checkout.Try("clone", "--quiet", "--shared", "--no-checkout", "--", _checkout.RepoRoot, Path);
        if (!r.Ok)
        {
            return $"could not make the agent's workspace {Path} ({r.Stderr.Trim().ReplaceLineEndings(" ")}); check the folder and `ias run-resume`";
        }

        // The agent's origin is the checkout's, as in the checkout: a push meets the box (no credentials, a local remote
        // read-only) and ICE's shim, never the checkout. Set on the fresh clone, before any agent has been in it.
        if (_checkout.Try("remote", "get-url", "origin") is { Ok: true, Stdout: var url } && url.Trim().Length > 0)
        {
            new GitCli(Path, executable: _checkout.Executable).Try("remote", "set-url", "origin", Absolute(url.Trim()));
        }

        return null;
    }

    /// <summary>A local remote's path made absolute from the checkout, so the workspace's clone names the same folder.</summary>
    private string Absolute(string url) =>
        url.Contains("://", StringComparison.Ordinal) || (url.Contains(':', StringComparison.Ordinal) && !url.StartsWith('/') && !url.StartsWith('.'))
            ? url
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(_checkout.RepoRoot, url));

    /// <summary>
    /// The checkout's branches fetched into the workspace's own (the objects are shared, so only refs move), the turn's branch
    /// checked out at the base, what is not ignored cleaned away, and the workspace's branches listed in <see cref="RefsBefore"/>.
    /// </summary>
    private string? SyncInBox(string branch, string baseCommit, string scratch) =>
        InBox(scratch, """
            g fetch --quiet --no-tags --prune --update-head-ok "$4" '+refs/heads/*:refs/heads/*'
            g checkout --quiet --force -B "$2" "$3"
            g clean --quiet -fd
            cp .git/index "$6" 2>/dev/null || true
            g for-each-ref '--format=%(refname) %(objectname)' refs/heads refs/tags > "$5"
            echo "ias:git-files $(cat .git/config .git/hooks/* 2>/dev/null | cksum | tr ' ' -)" >> "$5"
            echo "ias:base-kept yes" >> "$5"
            """, branch, baseCommit, _checkout.RepoRoot, RefsBefore(scratch), BaseIndex(scratch));

    /// <summary>The workspace's branches and tags as the sync left them, one "ref sha" a line.</summary>
    public static string RefsBefore(string scratch) => System.IO.Path.Combine(scratch, "refs-before");

    /// <summary>Files the writing turn left larger than the patch limit, NUL-separated: never read, never taken.</summary>
    public static string TooLarge(string scratch) => System.IO.Path.Combine(scratch, "too-large");

    /// <summary>The workspace's index as the sync left it at the turn's base.</summary>
    private static string BaseIndex(string scratch) => System.IO.Path.Combine(scratch, "base.index");

    /// <summary>The engine's own git dir for writing the patch.</summary>
    private static string PatchGitDir(string scratch) => System.IO.Path.Combine(scratch, "patch-git");

    /// <summary>What git said in the box while the workspace was synced or its patch written.</summary>
    /// <remarks>Beside the scratch folder, not in it: the box may write anything there, a link at this path included.</remarks>
    public static string Log(string scratch) => System.IO.Path.TrimEndingDirectorySeparator(scratch) + ".git.log";

    /// <summary>The workspace's branches and tags as the writing turn left them.</summary>
    public static string RefsAfter(string scratch) => System.IO.Path.Combine(scratch, "refs-after");

    /// <summary>Runs a shell script in the box with the workspace writable; `g` is git with no hook and no monitor; null when it exits 0.</summary>
    private string? InBox(string scratch, string script, params string[] args) => RunInBox(scratch, script, null, args).Problem;

    /// <summary>As <see cref="InBox"/>, keeping at most <paramref name="keep"/> bytes of what the script writes to stdout.</summary>
    private (string? Problem, byte[] Stdout, long Dropped) RunInBox(string scratch, string script, int? keep, params string[] args)
    {
        // $1 is the git program; the script's own arguments follow as $2, $3.
        var hardening = string.Join(' ', GitCli.Hardening.Select(a => "'" + a + "'"));
        // umask 077: the refs, the patch and its lists are the engine's files in the turn's folder, whatever the user's umask.
        var body = $"umask 077\ngit_program=$1\ng() {{ \"$git_program\" {hardening} \"$@\"; }}\nset -e\n{script}";
        // The engine's own git by its absolute path, and a PATH of system folders only: a `git` the agent left in its home's
        // ~/.local/bin (the box's home is the agent's) is never the one that syncs its workspace or writes its patch.
        var git = System.IO.Path.IsPathRooted(_checkout.Executable) ? _checkout.Executable : EngineTools.Locate("git") ?? _checkout.Executable;
        // Its home is the engine git's own, which no agent writes: no `~/.config/git/config` an agent left in its home reaches it.
        // Fetching from the checkout is a path, not the network: the git box has none, so no filter driver reaches out.
        using var box = _box.Wrap("/bin/sh", ["-c", body, "sh", git, .. args], writes: true, scratch, Path, new BoxTurn([], []) { HomeName = BoxHomes.Git }, Network.BoxNet.Offline);
        try
        {
            // The workspace's config can make git run a program (a filter driver): it gets the box's allowlist, never the engine's tokens.
            var env = BoxEnvironment.Filter(Inherited(), AgentNeeds.None, []);
            env["PATH"] = string.Join(':', new[] { System.IO.Path.GetDirectoryName(git), "/usr/local/bin", "/usr/bin", "/bin" }.OfType<string>().Where(d => d.Length > 0).Distinct());
            env["LC_ALL"] = "C";
            env["GIT_TERMINAL_PROMPT"] = "0";
            env[BoxEnvironment.NoDiagnostics.Key] = BoxEnvironment.NoDiagnostics.Value;
            // What git prints is kept up to the box's output limit: a filter of the agent's may print without end.
            var output = (int)Math.Min(keep ?? int.MaxValue, Math.Min(box.Limits.OutputBytes, int.MaxValue));
            var (r, stdout, dropped) = CliProcess.Capture(box.FileName, Path, box.Args, env, GitLimit, "git in the box", inherit: false, keep: output);
            var capped = box.Cap.Hit() ? box.Cap.Message("git in the workspace's box") + "\n" : "";
            if (r.Stderr.Length + capped.Length > 0)
            {
                File.AppendAllText(Log(scratch), r.Stderr + capped);
            }

            return r.ExitCode == 0 ? (null, stdout, dropped) : ((r.Stderr.Trim() is { Length: > 0 } e ? e : $"exit code {r.ExitCode}").ReplaceLineEndings(" "), [], 0);
        }
        catch (CliProcessException e)
        {
            return (e.Reason, [], 0);
        }
    }

    private static Dictionary<string, string?> Inherited() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    private static string Safe(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}

/// <summary>A writing turn's patch as it left the box: its bytes, or why git could not write it, or that it passed the limit.</summary>
public sealed record BoxPatch(byte[] Bytes, string? NotWritten, bool TooLarge);
