using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>
/// The box every agent process runs in: a bubblewrap command line around the CLI. The agent sees the whole file system
/// read-only except its home, a private /tmp, its turn's scratch folder and (for a writing role) the work tree. The
/// repository's git dirs, `.run/`, `.ias/` and `.loa.config.yaml`, the global git config and any local remote stay
/// read-only whatever the role; push credentials are hidden; the network stays, because the agents need their APIs.
/// </summary>
/// <remarks>
/// The order of the mounts is the design: bubblewrap applies them in turn and a later mount covers an earlier one, so
/// the protections come after the writable home and work tree they sit inside. The box has its own PID namespace and
/// dies with its parent, so nothing the agent starts (a double fork, a new session) outlives the turn.
/// </remarks>
public sealed class AgentBox(BoxLayout layout, string bwrap = "bwrap")
{
    public BoxLayout Layout { get; } = layout;

    /// <summary>The bubblewrap program and its arguments that run <paramref name="fileName"/> with <paramref name="args"/> in the box.</summary>
    /// <remarks>The process works in <paramref name="workTree"/> (bound, and its working directory); in the layout's own tree when null.</remarks>
    public (string FileName, IReadOnlyList<string> Args) Wrap(string fileName, IReadOnlyList<string> args, bool writes, string scratchDir, string? workTree = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var tree = workTree ?? Layout.WorkTree;
        var a = new List<string> { "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts" };

        // Run by root, bubblewrap keeps every capability inside, enough to remount the read-only binds writable.
        if (Environment.IsPrivilegedProcess)
        {
            a.AddRange(["--cap-drop", "ALL"]);
        }

        a.AddRange(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]);
        if (Layout.Home is { } home && Directory.Exists(home))
        {
            // The agents keep their login state and caches in their home; the git config and credentials in it are covered below.
            a.AddRange(["--bind", home, home]);
        }

        foreach (var path in Layout.Shared.Where(Directory.Exists))
        {
            a.AddRange(["--bind", path, path]);
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
        foreach (var name in Layout.HiddenVariables)
        {
            a.AddRange(["--unsetenv", name]);
        }

        a.AddRange(["--chdir", tree, "--", fileName, .. args]);
        return (bwrap, a);
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
