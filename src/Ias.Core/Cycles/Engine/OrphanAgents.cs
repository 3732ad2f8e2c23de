using Ias.Core.Agents;
using Ias.Core.Cycles.Live;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Engine;

/// <summary>What a killed engine left running: its agent, which the next engine stops, and its git, which it lets finish.</summary>
internal static class OrphanAgents
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>How long a killed engine's git may go on writing the checkout before the next engine kills it.</summary>
    private static readonly TimeSpan ToolLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Stops the recorded agent and waits for a killed engine's git when no live engine owns them, holding the engine lock
    /// meanwhile; returns the agent's group id, or null.
    /// </summary>
    public static async Task<int?> StopAsync(EngineContext ctx, CancellationToken ct)
    {
        if (!File.Exists(ctx.Paths.AgentPid) && !EngineLock.Named(ctx.Paths.EngineLock))
        {
            return null;
        }

        using var held = EngineLock.TryAcquire(ctx.Paths.EngineLock, ctx.Owner, out _);
        return held is null ? null : await StopHeldAsync(ctx, held, ct);
    }

    /// <summary>The same, for a caller that already holds the engine lock; then waits for the tools of the engine that held it before.</summary>
    public static async Task<int?> StopHeldAsync(EngineContext ctx, EngineLock held, CancellationToken ct)
    {
        var group = await new AgentRecord(ctx.Paths.AgentPid).KillOrphanAsync(Grace, ct);
        if (held.PreviousHolder is { } dead && await EngineChildren.OutliveAsync(held.Path, dead, ToolLimit, ctx.Clock, ct) is > 0 and var tools)
        {
            ctx.Progress($"waited for {tools} git process(es) left running by the engine that stopped ({dead})");
        }

        return group;
    }
}
