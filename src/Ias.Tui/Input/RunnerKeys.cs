using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>When the queue runner's keys (u starts it, x stops it) can act on what a snapshot shows, and what they say when they cannot.</summary>
public static class RunnerKeys
{
    /// <summary>
    /// u: a watched queue run whose runner is not at work here. On a team's queue another checkout's runner does not stand in
    /// the way (each checkout may run one), so only the start itself can tell whether this checkout's is already running.
    /// </summary>
    public static string? WhyNoStart(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Replayed is not null ? Replaying(snap, "start") : snap.Queue switch
        {
            null => NoQueue("start"),
            { Runners.Count: 0, RunnerAlive: true, Run.RunnerStatus: not RunnerStatus.Lost } q => $"the runner of {q.Run.Name} is at work ({q.Runner}): x stops it",
            _ => null,
        };
    }

    /// <summary>u's question, which names the queue run whose runner starts and where.</summary>
    public static string StartQuestion(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return $"Start the runner of queue run {snap.Queue?.Run.Name} in this checkout, detached?";
    }

    /// <summary>
    /// x: a watched queue run with a runner at work that no stop is sent to yet. On a team's queue a runner started after a
    /// stop does not obey it, so x stops it while the runners the earlier stop was asked of finish their jobs.
    /// </summary>
    public static string? WhyNoStop(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Replayed is not null ? Replaying(snap, "stop") : snap.Queue switch
        {
            null => NoQueue("stop"),
            { RunnerAlive: false } q => $"no runner is at work on {q.Run.Name}: nothing to stop; u starts one",
            { Runners.Count: 0, Run.StopRequested: true } q => $"a stop is already sent to the runner of {q.Run.Name}: it stops after its current job",
            { Runners.Count: > 0 } q when q.Runners.All(r => !r.Active || r.Stopping(q.Run)) =>
                $"a stop is already sent to every runner at work on {q.Run.Name}: each stops after its current job",
            _ => null,
        };
    }

    /// <summary>A replay shows a queue run as it stood: its runner is not started or stopped from there.</summary>
    private static string Replaying(EngineSnapshot snap, string verb) =>
        $"a replay of queue run {snap.Queue?.Run.Name} changes nothing: no runner to {verb}; esc leaves, l lists the runs";

    private static string NoQueue(string verb) =>
        $"u and x {verb} a queue run's runner, and no queue run is watched here: l lists the runs";
}
