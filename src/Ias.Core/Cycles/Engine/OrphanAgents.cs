using Ias.Core.Agents;
using Ias.Core.Cycles.Live;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Engine;

/// <summary>An agent left running by an engine that was killed: the next engine stops it before it works on the same files.</summary>
internal static class OrphanAgents
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stops the recorded agent (its group and every process carrying its tag) when no engine is alive to own it, taking the
    /// engine lock for that moment; returns its group id, or null when nothing was left or a live engine owns it.
    /// </summary>
    public static async Task<int?> StopAsync(EngineContext ctx, CancellationToken ct)
    {
        if (!File.Exists(ctx.Paths.AgentPid))
        {
            return null;
        }

        using var held = EngineLock.TryAcquire(ctx.Paths.EngineLock, ctx.Owner, out _);
        return held is null ? null : await StopHeldAsync(ctx, ct);
    }

    /// <summary>The same, for a caller that already holds the engine lock.</summary>
    public static Task<int?> StopHeldAsync(EngineContext ctx, CancellationToken ct) =>
        new AgentRecord(ctx.Paths.AgentPid).KillOrphanAsync(Grace, ct);
}
