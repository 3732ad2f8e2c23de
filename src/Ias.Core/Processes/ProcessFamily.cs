using System.Text;

namespace Ias.Core.Processes;

/// <summary>
/// Every live process that one child brought into the world, however it left the child: its process group (signalled as a
/// group), and whatever carries the run's tag in its environment, which every descendant inherits: one that moved to a
/// group or a session of its own, and a daemon that forked twice, which the kernel hands to init.
/// </summary>
/// <remarks>
/// A scan of /proc with a tag rather than a child subreaper or a cgroup. A subreaper is set for the whole engine process:
/// every orphan of every child it starts (git's detached gc too) would become the engine's child, and .NET reaps only the
/// children it started itself, so they would pile up as zombies. A cgroup needs a writable, delegated hierarchy, which
/// containers and plain login sessions seldom give. The tag needs no privilege and costs one read of each process's
/// environment when a run ends (about 2 ms of CPU for 130 processes). Only a process that wipes its own environment and
/// also leaves the group escapes.
/// </remarks>
internal sealed class ProcessFamily
{
    /// <summary>The environment variable that carries the tags of every run a process belongs to, comma-separated (runs nest: an agent may run ias).</summary>
    public const string TagVariable = "IAS_PROCESS_TAGS";

    private static readonly byte[] TagPrefix = Encoding.ASCII.GetBytes(TagVariable + "=");

    private readonly int _groupId;
    private readonly byte[] _tag;

    /// <param name="groupId">The child's pid, which is its process group and session id because it was started with setsid.</param>
    /// <param name="tag">The tag given to the child in <see cref="TagVariable"/>.</param>
    public ProcessFamily(int groupId, string tag)
    {
        _groupId = groupId;
        _tag = Encoding.ASCII.GetBytes(tag);
    }

    public int GroupId => _groupId;

    /// <summary>A fresh tag, unique to one run.</summary>
    public static string NewTag() => Guid.NewGuid().ToString("N");

    /// <summary>The value of <see cref="TagVariable"/> for a child tagged <paramref name="tag"/>: the tags it inherits from the runs around this one, and its own.</summary>
    public static string TagValue(string tag) =>
        Environment.GetEnvironmentVariable(TagVariable) is { Length: > 0 } outer ? $"{outer},{tag}" : tag;

    /// <summary>The pids of the live processes that carry the run's tag (a zombie has no environment left), never the engine itself.</summary>
    public IReadOnlyList<int> Members()
    {
        // One buffer for every file read: the scan runs at the end of every agent turn, and /proc can list hundreds of processes.
        var buffer = new byte[16 * 1024];
        var self = Environment.ProcessId;
        var members = new List<int>();
        foreach (var pid in ProcFile.Pids())
        {
            if (pid != self && Tagged(pid, ref buffer))
            {
                members.Add(pid);
            }
        }

        return members;
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

    /// <summary>True while a process of the group, or one of <paramref name="members"/>, still runs; a zombie does not (<see cref="LiveProcesses"/>).</summary>
    public bool Alive(IReadOnlyList<int> members) => Signal(PosixSignals.Probe, members) && LiveProcesses.Any(_groupId, members);

    private bool Tagged(int pid, ref byte[] buffer)
    {
        var length = ProcFile.ReadAll($"/proc/{pid}/environ", ref buffer);
        if (length < 0)
        {
            // Gone, or another user's process, which cannot be ours.
            return false;
        }

        ReadOnlySpan<byte> all = buffer.AsSpan(0, length);
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
}
