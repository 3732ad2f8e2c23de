using Ias.Core.Storage;

namespace Ias.Core.Processes;

/// <summary>
/// The programs the engine itself runs outside the box (git, gh, bubblewrap, systemd-inhibit), each resolved once per process to an absolute
/// path in a PATH folder no agent can write: rooted, outside the home, /tmp, TMPDIR and any git work tree, owned by root
/// or this user, and neither it nor a folder above it writable by group or others. A `git` an agent dropped in
/// `~/.local/bin`, first on PATH, is then never the one the engine runs.
/// </summary>
public static class EngineTools
{
    /// <summary>The tools the engine runs by these bare names: each only ever from <see cref="Locate(string)"/>.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "git", "gh", "bwrap", SleepInhibitor.Tool };

    // Resolved on first use, which is before any agent turn: pre-flight runs git and asks for the box's bubblewrap.
    private static readonly Dictionary<string, Lazy<string?>> Resolved = Names.ToDictionary(
        n => n, n => new Lazy<string?>(() => Find(n, Environment.GetEnvironmentVariable("PATH") ?? "")), StringComparer.Ordinal);

    /// <summary>The absolute path of the engine's <paramref name="tool"/> (git, gh, bwrap or systemd-inhibit), or null when none is installed where no agent can write.</summary>
    public static string? Locate(string tool) => Resolved.TryGetValue(tool, out var path) ? path.Value : throw new ArgumentException($"{tool} is not one of the engine's tools", nameof(tool));

    /// <summary>Folders (colon-separated) the user vouches for, searched first and as they are: a test's fake gh, an unusual install.</summary>
    public const string TrustVariable = "IAS_ENGINE_TOOLS";

    /// <summary>The first <paramref name="tool"/> in <see cref="TrustVariable"/>'s folders, else on <paramref name="searchPath"/> in a folder no agent can write; null when there is none.</summary>
    public static string? Find(string tool, string searchPath)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        var vouched = (Environment.GetEnvironmentVariable(TrustVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(System.IO.Path.IsPathRooted).Select(d => System.IO.Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (vouched is not null)
        {
            return vouched;
        }

        foreach (var dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, tool);
            if (System.IO.Path.IsPathRooted(dir) && File.Exists(candidate) && Trusted(dir))
            {
                return System.IO.Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>One line for a tool found nowhere the agents cannot write.</summary>
    public static string Missing(string tool) =>
        $"no `{tool}` on PATH in a folder no agent can write (outside your home, /tmp, TMPDIR and any repository, owned by root or you, not group- or world-writable): install {tool} system-wide (/usr/bin)";

    /// <summary>
    /// Why ias passes over the <paramref name="tool"/> that <paramref name="searchPath"/> holds in a folder an agent could
    /// write (`~/.local/bin`, a mise or asdf shim), with the way out; null when there is none such.
    /// </summary>
    public static string? Passed(string tool, string searchPath)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        foreach (var dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(System.IO.Path.IsPathRooted))
        {
            if (File.Exists(System.IO.Path.Combine(dir, tool)) && Distrust(dir) is { } why)
            {
                return $"the {tool} on PATH, {System.IO.Path.Combine(dir, tool)}, is {why}, where an agent could put a program of its own, so ias does not run it: install {tool} system-wide (/usr/bin), or vouch for its folder with {TrustVariable}={dir}";
            }
        }

        return null;
    }

    /// <summary>Whether an agent could not have written <paramref name="dir"/>: see the type's remarks.</summary>
    public static bool Trusted(string dir) => Distrust(dir) is null;

    /// <summary>Why an agent could have written <paramref name="dir"/> ("under your home"); null when none could.</summary>
    private static string? Distrust(string dir)
    {
        var full = System.IO.Path.GetFullPath(dir);
        var home = Environment.GetEnvironmentVariable("HOME");
        string?[] reachable = [home, "/tmp", "/var/tmp", "/dev/shm", Environment.GetEnvironmentVariable("TMPDIR")];
        if (reachable.FirstOrDefault(r => r is { Length: > 1 } && System.IO.Path.IsPathRooted(r) && Under(full, System.IO.Path.GetFullPath(r))) is { } under)
        {
            return under == home ? "under your home" : $"under {under}";
        }

        for (var d = new DirectoryInfo(full); d is not null; d = d.Parent)
        {
            if (!d.Exists)
            {
                return $"in a folder that does not exist ({d.FullName})";
            }

            if (System.IO.Path.Exists(System.IO.Path.Combine(d.FullName, ".git")))
            {
                return $"in a git work tree ({d.FullName})";
            }

            if (OwnerProblem(d) is { } problem)
            {
                return $"in a folder {problem} ({d.FullName})";
            }
        }

        return null;
    }

    private static string? OwnerProblem(DirectoryInfo d)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // A symlinked folder (/bin → usr/bin) is judged by what it points at, which the walk reaches too.
        var mode = File.GetUnixFileMode(d.FullName);
        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            return "others may write";
        }

        var owner = FileStat.Owner(d.FullName);
        return owner is 0 || owner == FileStat.Me ? null : "another user owns";
    }

    private static bool Under(string path, string root) =>
        path == root || path.StartsWith(System.IO.Path.TrimEndingDirectorySeparator(root) + "/", StringComparison.Ordinal);
}
