using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Notifications;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Live;

/// <summary>The gates a person is told about: a halt, a trip, the end, a usage-limit wait, the draft PR, a question.</summary>
internal sealed class RunNotifier : IAsyncDisposable
{
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    /// <summary>Opened by a start or a resume once the run's own configuration is in place; nothing else notifies.</summary>
    public RunNotifier(EngineContext ctx, Action<Notification>? notified)
    {
        _notifier = EventNotifier.Open(ctx.Config, ctx.RepoRoot, ctx.Clock, ctx.Runs, notified);
        _clock = ctx.Clock;
    }

    /// <summary>The hooks of a start or a resume finish (or reach their limit) before the engine reports its end.</summary>
    public ValueTask DisposeAsync() => _notifier.DisposeAsync();

    /// <summary>Tells the person about <paramref name="kind"/> for <paramref name="run"/>, with its state, phase, cycle and PR.</summary>
    public void Notify(RunSnapshot run, NotificationKind kind, string summary, string? reason = null) =>
        _notifier.Send(new Notification(kind, run.RunId, _clock.GetUtcNow(), summary)
        {
            State = WireName.Of(run.State),
            Phase = WireName.Of(run.Phase),
            Cycle = run.CycleCurrent,
            Reason = reason,
            Url = run.PrUrl,
        });

    /// <summary>A transition that is a gate: into HALTED (by a trip or otherwise), or the run's end; a halted bug run's jack-out is its halt's.</summary>
    public void Transitioned(RunSnapshot run, RunState from, RunTrigger trigger, string why)
    {
        var state = run.State;
        if (state == RunState.Halted)
        {
            var tripped = trigger == RunTrigger.Trip;
            Notify(run, tripped ? NotificationKind.Tripped : NotificationKind.Halted,
                $"{run.Target} {(tripped ? "tripped the circuit breaker" : "halted")} in cycle {run.CycleCurrent}: {run.HaltReason ?? why}",
                run.HaltReason ?? why);
        }
        else if (state is RunState.JackedOut or RunState.ReadyForHitl && from != RunState.Halted)
        {
            Notify(run, NotificationKind.Completed, $"{run.Target} {RunWord.Of(run, null).Word} after {run.CycleCurrent} cycle(s){(run.PrUrl is { } url ? $"; draft PR {url}" : "")}");
        }
    }
}
