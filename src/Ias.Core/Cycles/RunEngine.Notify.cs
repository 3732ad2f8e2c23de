using Ias.Core.Notifications;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles;

/// <summary>The gates a person is told about: a halt, a trip, the end, a usage-limit wait, the draft PR.</summary>
public sealed partial class RunEngine
{
    private Notifier? _notifier;

    /// <summary>Told each notification as it goes out, coalesced: a headless run in a terminal rings it.</summary>
    public Action<Notification>? Notified { get; init; }

    /// <summary>Opened by a start or a resume once the run's own configuration is in place; nothing else notifies.</summary>
    private void OpenNotifier() => _notifier = EventNotifier.Open(_ctx.Config, _ctx.RepoRoot, _ctx.Clock, _ctx.Runs, Notified);

    private async ValueTask CloseNotifierAsync()
    {
        if (_notifier is { } notifier)
        {
            _notifier = null;
            await notifier.DisposeAsync();
        }
    }

    /// <summary>Tells the person about <paramref name="kind"/> for this run, with its state, phase, cycle and PR.</summary>
    private void Notify(NotificationKind kind, string summary, string? reason = null) =>
        _notifier?.Send(new Notification(kind, _run.RunId, Now, summary)
        {
            State = WireName.Of(_run.State),
            Phase = WireName.Of(_run.Phase),
            Cycle = _run.CycleCurrent,
            Reason = reason,
            Url = _run.PrUrl,
        });

    /// <summary>A transition that is a gate: into HALTED (by a trip or otherwise), or the run's end; a halted bug run's jack-out is its halt's.</summary>
    private void NotifyTransition(RunState from, RunTrigger trigger, string why)
    {
        var state = _state.State;
        if (state == RunState.Halted)
        {
            var tripped = trigger == RunTrigger.Trip;
            Notify(tripped ? NotificationKind.Tripped : NotificationKind.Halted,
                $"{_run.Target} {(tripped ? "tripped the circuit breaker" : "halted")} in cycle {_run.CycleCurrent}: {_run.HaltReason ?? why}",
                _run.HaltReason ?? why);
        }
        else if (state is RunState.JackedOut or RunState.ReadyForHitl && from != RunState.Halted)
        {
            Notify(NotificationKind.Completed, $"{_run.Target} {WireName.Of(state)} after {_run.CycleCurrent} cycle(s){(_run.PrUrl is { } url ? $"; draft PR {url}" : "")}");
        }
    }
}
