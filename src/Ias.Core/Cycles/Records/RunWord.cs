using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Records;

/// <summary>
/// What a run is, in the one word a person reads everywhere (the dashboard's badge, `ias run`'s last line, the farewell,
/// `ias run-status`, a notification): a published run is DONE, a halted run whose breaker is open is TRIPPED, a run ended
/// after a halt is ENDED. state.json and `--json` keep the state's own name (<see cref="State"/>).
/// </summary>
/// <param name="Word">The word ("DONE").</param>
/// <param name="Why">A few words after it: the trigger, the halt's reason, what publishing did; null for none.</param>
/// <param name="Finished">Whether the run is over: its phase no longer says what it is doing.</param>
/// <param name="State">The state file's name for it ("JACKED_OUT").</param>
public sealed record RunWord(string Word, string? Why, bool Finished, string State)
{
    public const string Tripped = "TRIPPED";
    public const string Halted = "HALTED";
    public const string Complete = "COMPLETE";
    public const string Ended = "ENDED";
    public const string Done = "DONE";

    /// <summary>
    /// The word for <paramref name="run"/>; <paramref name="breaker"/> (when known) tells a trip from another halt, and
    /// <paramref name="ownerUnpublished"/> a sprint whose consolidated plan finished but has not published its draft PR.
    /// </summary>
    public static RunWord Of(RunSnapshot run, BreakerSnapshot? breaker, bool ownerUnpublished = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        var state = WireName.Of(run.State);
        return run.State switch
        {
            RunState.JackedOut when run.HaltReason is null && ownerUnpublished =>
                new(Complete, "passed; its plan's draft PR is not published yet (`ias run-resume` publishes it)", true, state),
            RunState.Halted when breaker is { State: BreakerState.Open } => new(Tripped, Trigger(breaker), false, state),
            RunState.Halted => new(Halted, run.HaltReason ?? "no reason given", false, state),
            RunState.Complete => new(Complete, run.NotPublished is { } why ? $"passed review and audit, not published: {why}" : "passed review and audit, not published yet", true, state),
            RunState.JackedOut when run.HaltReason is { } reason => new(Ended, $"after a halt: {reason}", true, state),
            RunState.JackedOut => new(Done, Published(run), true, state),
            RunState.ReadyForHitl => new(Done, "draft PR validated, waits for review", true, state),
            _ => new(state, null, false, state),
        };
    }

    /// <summary>"DONE — passed, pushed", or the word alone.</summary>
    public override string ToString() => Why is null ? Word : $"{Word} — {Why}";

    private static string Published(RunSnapshot run) =>
        run.PrCreated ? "passed, draft PR opened"
        : run.NotPublished is { } why ? $"passed{(run.Pushed ? ", pushed" : "")}; {why}"
        : run.Pushed ? "passed, pushed" : "passed";

    /// <summary>The last trip's trigger in words: same issue, no progress, cycle limit, timeout.</summary>
    private static string Trigger(BreakerSnapshot breaker) =>
        breaker.History.LastOrDefault()?.Trigger.Words ?? "breaker open";
}
