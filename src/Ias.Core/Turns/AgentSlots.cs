using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Turns;

/// <summary>At most <c>ias.parallel.max</c> agents at work in a repository at once, whichever engine or runner starts them.</summary>
/// <remarks>
/// A turn holds one of N lock files, `ias/agents/SLOT.lock` under the repository's common git dir, so every worktree and
/// checkout of it counts alike; the OS lets go of a killed engine's slot. With every slot held a turn waits for one.
/// </remarks>
public static class AgentSlots
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The cap when ias.parallel.max is not set: the machine's cores, at least 2.</summary>
    public static int Default => Math.Max(2, Environment.ProcessorCount);

    /// <summary>A slot of <paramref name="git"/>'s repository, waited for while <paramref name="max"/> agents work; <paramref name="waiting"/> hears it once.</summary>
    public static async Task<IDisposable> TakeAsync(GitCli git, int max, TimeProvider clock, Action<string> waiting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(waiting);
        var folder = Path.Combine(git.CommonDir(), "ias", "agents");
        OwnerOnly.CreateFolder(folder);
        var said = false;
        while (true)
        {
            for (var slot = 0; slot < max; slot++)
            {
                if (FileLock.TryTake(Path.Combine(folder, $"{slot}.lock")) is { } held)
                {
                    return held;
                }
            }

            if (!said)
            {
                waiting($"{max} agent(s) already work in this repository (ias.parallel.max: {max}); this one waits for one of them to end");
                said = true;
            }

            await Task.Delay(Poll, clock, ct);
        }
    }
}
