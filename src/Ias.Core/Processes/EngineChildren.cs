using System.Security.Cryptography;
using System.Text;

namespace Ias.Core.Processes;

/// <summary>The tools an engine runs for itself (git, gh) carry its tag, so the next engine can wait for those a killed engine left.</summary>
/// <remarks>
/// A killed engine's tools outlive it: a `git apply` or a `git commit` still writing the checkout. The next engine that
/// takes the repository's engine lock finds them by the dead engine's tag and waits for them before it reads the checkout.
/// The tag is set for the engine's own flow of work (an async local), not the whole process: a process may hold several
/// engines, one per repository (a test, the queue's jobs). It is a hash of the lock and the owner written beside it, so the
/// next engine knows it from what the dead one left without another file.
/// </remarks>
public static class EngineChildren
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The tag of the engine whose work this is, or null outside an engine.</summary>
    public static string? Tag => Current.Value;

    /// <summary>Tags the tools started from here on in this flow of work as the children of <paramref name="owner"/> holding <paramref name="lockPath"/>.</summary>
    public static void Own(string lockPath, string owner) => Current.Value = TagOf(lockPath, owner);

    /// <summary>The tag of the engine named <paramref name="owner"/> holding <paramref name="lockPath"/>.</summary>
    public static string TagOf(string lockPath, string owner) =>
        "engine-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(lockPath) + "\n" + owner)))[..16];

    /// <summary>
    /// Waits while a tool of the engine named <paramref name="owner"/> still runs, for at most <paramref name="limit"/>,
    /// then kills what is left; returns how many were running when it began.
    /// </summary>
    public static async Task<int> OutliveAsync(string lockPath, string owner, TimeSpan limit, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var family = new ProcessFamily(0, TagOf(lockPath, owner));
        var found = family.Members();
        var since = clock.GetTimestamp();
        var left = found;
        while (left.Count > 0 && clock.GetElapsedTime(since) < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), clock, ct);
            left = family.Members();
        }

        foreach (var pid in left)
        {
            PosixSignals.SignalProcess(pid, PosixSignals.Kill);
        }

        return found.Count;
    }
}
