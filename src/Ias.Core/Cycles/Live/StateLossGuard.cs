using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// Notices that the run's state was taken away under a running engine (`rm -rf .run`, ias.db deleted, renamed or replaced):
/// the engine would otherwise go on writing to a file nobody will ever see again, and its successor would find no run.
/// It puts the database back from the file the engine still has open and takes the engine lock again; the engine then saves
/// what it holds in memory, rewrites the JSON mirrors and halts.
/// </summary>
internal sealed class StateLossGuard(EngineContext ctx, EngineLock engineLock)
{
    /// <summary>Null while the state is where it belongs; otherwise what went missing, with the database already back at its path.</summary>
    public LostState? Check()
    {
        if (!ctx.Store.FileLost())
        {
            return null;
        }

        // state.json is written only at the engine's saves, so its absence means the mirrors went with the database.
        var paths = ctx.Paths;
        var what = File.Exists(paths.State) ? paths.Display(paths.Database) : paths.Display(paths.RunDir) + "/";
        var copied = ctx.Store.RebuildFromOpenFile();
        engineLock.Renew(ctx.Owner);
        return new LostState(what, copied);
    }

    /// <summary>A database made from memory lacks the findings the next implement prompt quotes; they are the last verdict's.</summary>
    public static void SaveOpenFindings(EngineContext ctx, RunSnapshot run, IReadOnlyList<Finding> open)
    {
        if (open.Count > 0 && run.CycleHistory.LastOrDefault(h => h.Phase.GivesVerdict() && h.Findings > 0) is { } last)
        {
            ctx.Runs.AddFindings(run.RunId, last.Cycle, last.Phase, FindingsHash.Of(open)!, open);
        }
    }
}
