using Ias.Core.Cycles;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Tui.Theming;

namespace Ias.Tui.Views;

/// <summary>
/// What the header's badge says a run is, for a person rather than the state file: a published run is DONE, a halted run
/// whose breaker is open is TRIPPED by its trigger, a run ended after a halt is ENDED. state.json keeps its own words.
/// </summary>
/// <param name="Word">The badge ("DONE").</param>
/// <param name="Role">The theme role it is drawn in.</param>
/// <param name="Why">A few words after the badge: the trigger, the halt's reason, what publishing did; null for none.</param>
/// <param name="Finished">Whether the run is over: its phase no longer says what it is doing.</param>
public sealed record Headline(string Word, string Role, string? Why, bool Finished)
{
    public static Headline Of(RunSnapshot run, BreakerSnapshot? breaker)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State switch
        {
            RunState.Running => new("RUNNING", ThemeRoles.HeaderStateRunning, null, false),
            RunState.Halted when breaker is { State: BreakerState.Open } => new("TRIPPED", ThemeRoles.HeaderStateTripped, Trigger(breaker), false),
            RunState.Halted => new("HALTED", ThemeRoles.HeaderStateHalted, run.HaltReason ?? "no reason given", false),
            RunState.Complete => new("COMPLETE", ThemeRoles.HeaderStateComplete, "passed review and audit, not published yet", true),
            RunState.JackedOut when run.HaltReason is { } reason => new("ENDED", ThemeRoles.HeaderStateJackedOut, $"after a halt: {reason}", true),
            RunState.JackedOut => new("DONE", ThemeRoles.HeaderStateComplete, Published(run), true),
            RunState.ReadyForHitl => new("DONE", ThemeRoles.HeaderStateComplete, "draft PR validated, waits for review", true),
            RunState.JackIn => new(WireName.Of(run.State), ThemeRoles.HeaderStateJackIn, null, false),
            _ => new(WireName.Of(run.State), ThemeRoles.HeaderStateReady, null, false),
        };
    }

    private static string Published(RunSnapshot run) =>
        run.PrCreated ? "passed, draft PR opened" : run.Pushed ? "passed, pushed" : "passed";

    /// <summary>The last trip's trigger in words: same issue, no progress, cycle limit, timeout.</summary>
    private static string Trigger(BreakerSnapshot breaker) =>
        breaker.History.LastOrDefault()?.Trigger.Replace('_', ' ') ?? "breaker open";
}
