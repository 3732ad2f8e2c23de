using System.Globalization;
using System.Text;

namespace Ias.Core.Processes;

/// <summary>
/// Every live process that one child brought into the world, however it left the child: its process group, its session
/// (a process that moved to a group of its own), whatever carries the run's tag in its environment (a daemon that forked
/// twice and started a session of its own, which the kernel hands to init), and the descendants of all of these.
/// </summary>
/// <remarks>
/// A scan of /proc with a tag rather than a child subreaper or a cgroup. A subreaper is set for the whole engine process:
/// every orphan of every child it starts (git's detached gc too) would become the engine's child, and .NET reaps only the
/// children it started itself, so they would pile up as zombies. A cgroup needs a writable, delegated hierarchy, which
/// containers and plain login sessions seldom give. The tag needs no privilege and costs one scan of /proc when a run
/// ends; only a process that wipes its own environment escapes it, and then only once it has also left the session.
/// </remarks>
internal sealed class ProcessFamily
{
    /// <summary>The environment variable that carries the tags of every run a process belongs to, comma-separated (runs nest: an agent may run ias).</summary>
    public const string TagVariable = "IAS_PROCESS_TAGS";

    private static readonly byte[] TagPrefix = Encoding.ASCII.GetBytes(TagVariable + "=");

    private readonly int _groupId;
    private readonly byte[] _tag;
    private readonly long _since;

    /// <param name="groupId">The child's pid, which is its process group and session id because it was started with setsid.</param>
    /// <param name="tag">The tag given to the child in <see cref="TagVariable"/>.</param>
    public ProcessFamily(int groupId, string tag)
    {
        _groupId = groupId;
        _tag = Encoding.ASCII.GetBytes(tag);

        // Nothing started before the child can descend from it, which spares reading most of /proc; zero (no limit) if the child is already gone.
        _since = Read(groupId) is { } leader ? leader.StartTime : 0;
    }

    public int GroupId => _groupId;

    /// <summary>A fresh tag, unique to one run.</summary>
    public static string NewTag() => Guid.NewGuid().ToString("N");

    /// <summary>The value of <see cref="TagVariable"/> for a child tagged <paramref name="tag"/>: the tags it inherits from the runs around this one, and its own.</summary>
    public static string TagValue(string tag) =>
        Environment.GetEnvironmentVariable(TagVariable) is { Length: > 0 } outer ? $"{outer},{tag}" : tag;

    /// <summary>The pids of the family's live members (zombies are dead and left out), never the engine itself.</summary>
    public IReadOnlyList<int> Members()
    {
        var self = Environment.ProcessId;
        var parents = new Dictionary<int, int>();
        var members = new HashSet<int>();
        foreach (var pid in Pids())
        {
            if (pid == self || Read(pid) is not { } stat || stat.StartTime < _since)
            {
                continue;
            }

            parents[pid] = stat.ParentId;
            if (stat.GroupId == _groupId || stat.SessionId == _groupId || Tagged(pid))
            {
                members.Add(pid);
            }
        }

        // A child that scrubbed its environment is still found while its parent is one of the family.
        bool grown;
        do
        {
            grown = false;
            foreach (var (pid, parent) in parents)
            {
                if (members.Contains(parent) && members.Add(pid))
                {
                    grown = true;
                }
            }
        }
        while (grown);

        return [.. members];
    }

    /// <summary>Sends <paramref name="signal"/> to the group and to <paramref name="members"/>; false when none of them was left to signal.</summary>
    public bool Signal(int signal, IReadOnlyList<int> members)
    {
        var any = PosixSignals.SignalGroup(_groupId, signal);
        foreach (var pid in members)
        {
            any |= PosixSignals.SignalProcess(pid, signal);
        }

        return any;
    }

    /// <summary>True while the group or any of <paramref name="members"/> is still there (a zombie counts), without scanning /proc again.</summary>
    public bool Alive(IReadOnlyList<int> members) => Signal(PosixSignals.Probe, members);

    private static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private bool Tagged(int pid)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or another user's process, which cannot be ours.
            return false;
        }

        ReadOnlySpan<byte> all = environ;
        foreach (var range in all.Split((byte)0))
        {
            var entry = all[range];
            if (!entry.StartsWith(TagPrefix))
            {
                continue;
            }

            var tags = entry[TagPrefix.Length..];
            foreach (var part in tags.Split((byte)','))
            {
                if (tags[part].SequenceEqual(_tag))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Fields of /proc/PID/stat, or null when the process is gone or already a zombie.</summary>
    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces or parentheses itself; the fields follow the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0] is "Z" or "X" or "x")
        {
            return null;
        }

        return new Stat(Int(fields[1]), Int(fields[2]), Int(fields[3]), long.Parse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture));

        static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private readonly record struct Stat(int ParentId, int GroupId, int SessionId, long StartTime);
}
