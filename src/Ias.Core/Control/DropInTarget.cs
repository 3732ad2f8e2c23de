using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;

namespace Ias.Core.Control;

/// <summary>The run a person drops into: its id, state and branch, and the agent session its last finished agent call left, if any.</summary>
public sealed record DropInTarget(string RunId, RunState State, string? Agent, string? Role, string? SessionId, string Branch = "")
{
    /// <summary>The current run of <paramref name="paths"/>' lane and its latest agent session; null when there is no run.</summary>
    public static DropInTarget? Find(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!File.Exists(paths.Database))
        {
            return null;
        }

        using var store = RunStore.Open(paths.Database);
        var records = new RunRecords(store, paths.Lane);
        if (records.CurrentRun() is not { } run)
        {
            return null;
        }

        var call = records.AgentCalls(run.RunId).LastOrDefault(c => c.SessionId is not null);
        return new DropInTarget(run.RunId, run.State, call?.Agent, call?.Role, call?.SessionId, run.Branch);
    }
}
