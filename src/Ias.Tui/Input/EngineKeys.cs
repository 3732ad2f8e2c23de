using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>When the engine's keys can act on the run a snapshot shows, and what they say when they cannot.</summary>
public static class EngineKeys
{
    /// <summary>h and H: only a running run with its engine alive has something to halt.</summary>
    public static string? WhyNoHalt(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Past || snap.Replayed is not null ? Past(snap, "halt") : snap.Status.Run switch
        {
            null => NoRun(snap, "halt"),
            { State: RunState.Running } when snap.Status.EngineAlive => null,
            { State: RunState.Running } => "no engine is running this run: nothing to halt; r resumes it",
            { State: RunState.Halted } => "the run is already halted: r resumes it",
            { State: RunState.Complete } => "the run passed and waits to be published: nothing to halt",
            var run => $"the run {Over(run)}: nothing to halt",
        };
    }

    /// <summary>X: two runs or more at work in the repository (with one, h halts it).</summary>
    public static string? WhyNoHaltAll(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Replayed is not null ? Past(snap, "halt") : snap.RunsAtWork switch
        {
            0 => "no run is at work in this repository: nothing to halt",
            1 => "one run is at work: h halts it",
            _ => null,
        };
    }

    /// <summary>r and R: a halted run, a passed run not yet published, or a running one whose engine is gone.</summary>
    public static string? WhyNoResume(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Past || snap.Replayed is not null ? Past(snap, "resume") : snap.Status.Run switch
        {
            // A queue run's tripped breaker is reset where its runner starts, which the dashboard does not start.
            null when snap.Queue is { } q && snap.BreakerOpen =>
                $"a queue run has no resume key: its circuit breaker is OPEN; `ias run-loop --run {q.Run.Name} --reset-breaker` resets it and goes on",
            null => NoRun(snap, "resume"),
            { State: RunState.Halted } => null,
            { State: RunState.Running or RunState.Complete } when !snap.Status.EngineAlive => null,
            { State: RunState.Running } => "the run is running: nothing to resume; h halts it",
            { State: RunState.Complete } => "the engine is publishing the run: nothing to resume",
            var run => $"the run {Over(run)}: nothing to resume; `ias run` starts a new one",
        };
    }

    /// <summary>b: a Run Mode run has a branch; a queue run's jobs each have their own (see <see cref="JobKeys.WhyNoBranch"/>).</summary>
    public static string? WhyNoBranch(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Status.Run is null ? NoRun(snap, "branch") : null;
    }

    /// <summary>
    /// e: a run stopped by a halt (a failed turn, the breaker, a person), a run that passed but is not published (a refused
    /// push, no draft PR), or a turn that failed, has a why to show.
    /// </summary>
    public static string? WhyNoFailure(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Status.Run is { HaltReason: not null } or { NotPublished: not null } || FailedJob(snap) is not null ? null
            : "nothing has stopped or failed here: no halt reason, refused push or failed turn to show";
    }

    /// <summary>The last job whose turn failed and left its folder, whose agent's stderr says why; null when none did.</summary>
    public static JobRow? FailedJob(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Jobs.LastOrDefault(j => j is { Status: JobStatus.Failed, JobDir: not null });
    }

    /// <summary>a: only while an agent waits for a person's answer.</summary>
    public static string? WhyNoAnswer(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Questions.Count == 0 ? "no agent is waiting for an answer" : null;
    }

    /// <summary>d and s: any Run Mode run has a checkout and a session to drop into; a queue run's jobs have their own.</summary>
    public static string? WhyNoDropIn(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Past || snap.Replayed is not null ? Past(snap, "drop into") : snap.Status.Run is null ? NoRun(snap, "drop-in") : null;
    }

    private static string NoRun(EngineSnapshot snap, string verb) => snap.Queue is { } q
        ? $"a queue run has no {verb} key: x stops its runner (`ias stop --run {q.Run.Name}`), u starts it (`ias run-loop --run {q.Run.Name} --detach`)"
        : $"no run here: nothing to {verb}";

    /// <summary>An earlier run is shown as it was left; the engine's keys act on the current run only.</summary>
    private static string Past(EngineSnapshot snap, string verb) => snap.Replayed is not null
        ? $"a replay of {(snap.Status.Run is { } run ? $"run {run.RunId}" : $"queue run {snap.Queue?.Run.Name}")} changes nothing: nothing to {verb}; esc leaves, l lists the runs"
        : $"run {snap.Status.Run?.RunId} is a past run, shown read-only: nothing to {verb}; l lists the runs to watch the current one";

    private static string Over(RunSnapshot run) => run.State is RunState.Ready or RunState.JackIn ? "has not started" : "is over";
}
