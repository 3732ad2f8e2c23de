using System.Globalization;

namespace Ias.Core.Sandbox;

/// <summary>
/// The most processes (threads included) one turn's box may hold. Where the machine offers a writable pids cgroup (a
/// delegated cgroup v2 folder, or v1's `/sys/fs/cgroup/pids`), the box enters a cgroup of its own before bubblewrap starts,
/// and the limit counts the box alone. Elsewhere it falls back to RLIMIT_NPROC, which counts every process of the user
/// (in the box's own user namespace, on Linux 5.14 and later, only the box's), so a fork bomb is still bounded.
/// </summary>
public sealed class ProcessCap : IDisposable
{
    private const string CgroupRoot = "/sys/fs/cgroup";
    private readonly string? _cgroup;

    private ProcessCap(int max, string? cgroup)
    {
        Max = max;
        _cgroup = cgroup;
    }

    public int Max { get; }

    /// <summary>Whether the limit is the box's own cgroup (true) or the user's RLIMIT_NPROC (false).</summary>
    public bool Cgroup => _cgroup is not null;

    /// <summary>A cap of <paramref name="max"/> for one turn, in a cgroup named after <paramref name="tag"/> where one can be made.</summary>
    public static ProcessCap Make(int max, string tag, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        ArgumentNullException.ThrowIfNull(tag);
        foreach (var parent in Parents())
        {
            Sweep(parent, now);
            var dir = Path.Combine(parent, "ias-" + tag);
            try
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "pids.max"), max.ToString(CultureInfo.InvariantCulture));
                return new ProcessCap(max, dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryRemove(dir);
            }
        }

        return new ProcessCap(max, null);
    }

    /// <summary>The command that enters the cap, then runs <paramref name="fileName"/> with <paramref name="args"/> in place, no file it writes larger than <paramref name="fileBytes"/>.</summary>
    public (string FileName, IReadOnlyList<string> Args) Around(string fileName, IReadOnlyList<string> args, long fileBytes = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(args);
        var max = Max.ToString(CultureInfo.InvariantCulture);

        // The shell's file limit counts 512-byte blocks; a write past it fails (the writer gets SIGXFSZ, "File size limit exceeded").
        // One it cannot set is one a lower hard limit already holds.
        var file = fileBytes == long.MaxValue ? "" : $"ulimit -f {(fileBytes / 512).ToString(CultureInfo.InvariantCulture)} 2>/dev/null; ";
        return _cgroup is { } dir
            ? ("/bin/sh", ["-c", file + "echo $$ > \"$0\" && exec \"$@\"", Path.Combine(dir, "cgroup.procs"), fileName, .. args])
            : ("/bin/sh", ["-c", $"{file}ulimit -u {max} 2>/dev/null || ulimit -p {max}; exec \"$@\"", "ias-box", fileName, .. args]);
    }

    /// <summary>True when a fork in the box was refused at the limit (known only with a cgroup).</summary>
    public bool Hit()
    {
        try
        {
            return _cgroup is { } dir && File.ReadLines(Path.Combine(dir, "pids.events"))
                .Any(l => l.StartsWith("max ", StringComparison.Ordinal) && l[4..].Trim() != "0");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The line that says the limit was hit and what to do; <paramref name="who"/> names what ran in the box ("the agent", "the tests").</summary>
    public string Message(string who) => $"{who} reached the box's process limit ({Max} processes and threads, ias.sandbox.max_processes): raise it in .loa.config.yaml if the work needs more";

    public void Dispose()
    {
        if (_cgroup is not null)
        {
            TryRemove(_cgroup);
        }
    }

    private static void TryRemove(string dir)
    {
        try
        {
            // A cgroup folder goes with rmdir alone; its files are the kernel's. The turn's processes are gone by now.
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Busy or not ours: an empty cgroup left behind holds nothing.
        }
    }

    /// <summary>
    /// Removes the empty cgroups boxes left in <paramref name="parent"/>: the kernel frees a box's last processes just after it
    /// exits, so its own removal can find the cgroup still busy. One still in use is refused by rmdir; the age spares a box
    /// that is about to enter its cgroup.
    /// </summary>
    private static void Sweep(string parent, DateTime now)
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(parent, "ias-*").Where(d => Directory.GetLastWriteTimeUtc(d) < now - TimeSpan.FromMinutes(10)))
            {
                TryRemove(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing to tidy where the folder cannot be read.
        }
    }

    /// <summary>Where a cgroup of the box's own can go: beside this process in v1's pids hierarchy, or under a v2 folder that delegates pids.</summary>
    private static IEnumerable<string> Parents()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var own = parts[2].TrimStart('/');
            if (parts[1].Split(',').Contains("pids"))
            {
                yield return Path.Combine(CgroupRoot, "pids", own);
            }
            else if (parts[0] == "0" && parts[1].Length == 0)
            {
                foreach (var mount in (string[])[CgroupRoot, Path.Combine(CgroupRoot, "unified")])
                {
                    var dir = Path.Combine(mount, own);
                    var control = Path.Combine(dir, "cgroup.subtree_control");
                    if (File.Exists(control) && File.ReadAllText(control).Split(' ', '\n').Contains("pids"))
                    {
                        yield return dir;
                    }
                }
            }
        }
    }
}
