using Ias.Core.Processes;
using Ias.Core.Sandbox.Network;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>
/// The box every agent process runs in: a bubblewrap command line around the CLI. The agent sees the whole file system
/// read-only except a private home of its role's own (with its own copy of its CLI's folders), a private /tmp and TMPDIR,
/// its turn's scratch folder and (for a writing role) the work tree. The repository's git dirs, `.run/`, `.ias/` and
/// `.loa.config.yaml`, the global git config and any local remote stay read-only whatever the role; push credentials and
/// the user's sockets are hidden; an agent's network is its own, reaching only its CLI's hosts through ias's proxy (Network.TurnNetwork).
/// </summary>
/// <remarks>
/// The order of the mounts is the design: bubblewrap applies them in turn and a later mount covers an earlier one, so
/// the protections come after the writable home and work tree they sit inside. Sources are resolved outside the box, so
/// the role's copy of `~/.claude` can be bound into the private home that covers the real one. The box has its own PID namespace
/// and dies with its parent, so nothing the agent starts (a double fork, a new session) outlives the turn.
/// </remarks>
public sealed class AgentBox(BoxLayout layout, string? bwrap = null)
{
    public BoxLayout Layout { get; } = layout;

    /// <summary>The bubblewrap the box runs: the engine's own, resolved where no agent can write.</summary>
    public string Bwrap { get; } = bwrap ?? EngineTools.Locate("bwrap") ?? "bwrap";

    /// <summary>The command that runs <paramref name="fileName"/> with <paramref name="args"/> in the box, within the layout's limits; dispose it once it is over.</summary>
    /// <remarks>
    /// The process works in <paramref name="workTree"/> (bound, and its working directory); in the layout's own tree when null.
    /// <paramref name="turn"/> names whose home it is, what this agent's CLI needs in it and where its programs live; with
    /// <paramref name="net"/> the box has a network of its own instead of the host's. Every box goes through here, so none
    /// can miss a limit: the process cap and the file size limit are entered before bubblewrap starts.
    /// </remarks>
    public BoxCommand Wrap(string fileName, IReadOnlyList<string> args, bool writes, string scratchDir, string? workTree = null, BoxTurn? turn = null, BoxNet? net = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var tree = workTree ?? Layout.WorkTree;
        var home = Layout.Home;
        var a = new List<string> { "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts" };

        // Run by root, bubblewrap keeps every capability inside, enough to remount the read-only binds writable.
        if (Environment.IsPrivilegedProcess)
        {
            a.AddRange(["--cap-drop", "ALL"]);
        }

        var size = Layout.TmpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        a.AddRange(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--size", size, "--tmpfs", "/tmp"]);

        // A shared folder that holds the home goes first, so the private home still covers the real one.
        var shared = Layout.Shared.Where(Directory.Exists).ToList();
        foreach (var path in shared.Where(p => home is not null && Under(home, p)))
        {
            a.AddRange(["--bind", path, path]);
        }

        // Each role has a home of its own, and its own copy of its CLI's folders in it: nothing one role leaves there runs in another's turn.
        var roots = home is not null && Layout.PrivateHomes is { } homes ? BindHome(a, home, homes, turn) : [];

        foreach (var path in shared.Where(p => home is null || !Under(home, p)))
        {
            a.AddRange(["--bind", path, path]);
        }

        // The agent's TMPDIR is its own and writable, wherever the user keeps it; inside /tmp it is a folder of the box's /tmp.
        if (Layout.TmpDir is { } tmp)
        {
            a.AddRange(Under(tmp, "/tmp") ? ["--dir", tmp] : ["--size", size, "--tmpfs", tmp]);
        }

        HideSockets(a);

        // The agent's program and ias itself, read-only wherever they live: the home and /tmp above hide what is there.
        foreach (var path in (turn?.Programs ?? []).Where(Exists).Distinct(StringComparer.Ordinal))
        {
            a.AddRange(["--ro-bind", path, path]);
        }

        // Working in a private workspace, the agent never writes the checkout, even where a shared folder holds it.
        if (tree != Layout.WorkTree)
        {
            a.AddRange(["--ro-bind", Layout.WorkTree, Layout.WorkTree]);
        }

        a.AddRange([writes ? "--bind" : "--ro-bind", tree, tree]);
        foreach (var path in Layout.ReadOnly.Where(Exists))
        {
            a.AddRange(["--ro-bind", path, path]);
        }

        foreach (var path in Layout.Hidden.Where(Exists))
        {
            a.AddRange(Directory.Exists(path) ? ["--tmpfs", path] : ["--ro-bind", "/dev/null", path]);
        }

        OwnerOnly.CreateFolder(scratchDir);
        a.AddRange(["--bind", scratchDir, scratchDir]);
        a.AddRange(net?.Args() ?? []);
        foreach (var name in Layout.HiddenVariables)
        {
            a.AddRange(["--unsetenv", name]);
        }

        PrepareMountPoints(a, roots);

        a.AddRange(["--chdir", tree, "--", fileName, .. args]);
        var limits = Layout.Limits;
        var cap = ProcessCap.Make(limits.MaxProcesses, ProcessFamily.NewTag());
        var (file, limited) = cap.Around(Bwrap, a, limits.WorkspaceBytes);
        return new BoxCommand(file, limited, cap, limits);
    }

    /// <summary>No socket of the user's: the session's runtime folder, and every socket file under /run (a database's, a daemon's).</summary>
    private static void HideSockets(List<string> a)
    {
        foreach (var path in BoxSockets.Folders().Where(Directory.Exists))
        {
            a.AddRange(["--tmpfs", path]);
        }

        foreach (var socket in BoxSockets.Files())
        {
            a.AddRange(["--ro-bind", "/dev/null", socket]);
        }
    }

    /// <summary>Binds the turn's own home and its CLI's copies over the user's home; returns the engine's folders bound there, for the mount points.</summary>
    private List<(string Source, string Target)> BindHome(List<string> a, string home, string homes, BoxTurn? turn)
    {
        var own = BoxHomes.HomeOf(homes, turn?.HomeName ?? BoxHomes.Other);
        OwnerOnly.CreateFolder(own);
        a.AddRange(["--bind", own, home]);
        var cli = turn is null ? [] : BoxHomes.CliBinds(homes, home, turn);
        foreach (var (source, target) in cli)
        {
            a.AddRange(["--bind", source, target]);
        }

        foreach (var path in Layout.AllowedPaths.Where(Exists).Distinct(StringComparer.Ordinal))
        {
            a.AddRange(["--bind", path, path]);
        }

        // bubblewrap follows a link where it mounts: one the agent left in its home last turn must not move a later mount.
        foreach (var path in Layout.ReadOnly.Concat(Layout.Hidden).Concat(cli.Select(b => b.Target)).Concat(Layout.AllowedPaths).Where(p => Under(p, home) && p != home))
        {
            RemoveLinks(own, Path.GetRelativePath(home, path));
        }

        return [(own, home), .. cli.Where(b => b.Source != b.Target)];
    }

    /// <summary>
    /// Makes, in the private home or the role's copy of a CLI folder that holds it, each mount point bubblewrap would otherwise
    /// make there itself (a folder 0755, a file 0444, whatever the umask), for its owner alone, after removing any link the
    /// agent left on the way: bubblewrap follows a link where it mounts, and what it makes stays there between turns.
    /// </summary>
    /// <remarks><paramref name="roots"/> are the engine's writable folders bound in the box: each as its source and where the box shows it.</remarks>
    private static void PrepareMountPoints(List<string> a, List<(string Source, string Target)> roots)
    {
        for (var i = 0; i < a.Count - 1; i++)
        {
            var (target, folder) = a[i] switch
            {
                "--bind" or "--ro-bind" when i + 2 < a.Count => (a[i + 2], Directory.Exists(a[i + 1])),
                "--tmpfs" => (a[i + 1], true),
                _ => (null, false),
            };

            // The innermost root that holds the mount point is where it must be made: the copy of ~/.claude for a token in it.
            var root = target is null ? default : roots.Where(r => target != r.Target && Under(target, r.Target)).OrderByDescending(r => r.Target.Length).FirstOrDefault();
            if (target is null || root.Source is null)
            {
                continue;
            }

            var (own, home) = root;
            var relative = Path.GetRelativePath(home, target);
            RemoveLinks(own, relative);
            var mirror = Path.Combine(own, relative);
            if (folder)
            {
                OwnerOnly.CreateFolder(mirror);
            }
            else if (!Directory.Exists(mirror))
            {
                OwnerOnly.CreateFolder(Path.GetDirectoryName(mirror)!);
                OwnerOnly.Touch(mirror);
            }
        }
    }

    /// <summary>Removes every link on the way from <paramref name="own"/> to <paramref name="relative"/> in it (the link itself, never what it names).</summary>
    private static void RemoveLinks(string own, string relative)
    {
        var at = own;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            at = Path.Combine(at, part);
            var info = new FileInfo(at);
            if (info.LinkTarget is not null)
            {
                info.Delete();
                return;
            }

            if (!Directory.Exists(at))
            {
                return;
            }
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies under it, by name.</summary>
    internal static bool Under(string path, string root) =>
        path == root || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + "/", StringComparison.Ordinal);
}
