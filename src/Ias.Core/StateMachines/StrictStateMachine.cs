using Stateless;

namespace Ias.Core.StateMachines;

/// <summary>
/// A Stateless machine whose state lives in its owner's field (so the owner's SQLite row stays the one truth),
/// and which refuses every trigger its configuration does not permit with an <see cref="InvalidTransitionException"/>.
/// </summary>
/// <remarks>
/// Stateless reads the state once while constructing, so the owner's field must hold its record before the machine is made.
/// Not thread-safe: one owner. Fires immediately, because no action of ours fires a trigger from inside a transition.
/// </remarks>
public sealed class StrictStateMachine<TState, TTrigger> : StateMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public StrictStateMachine(string name, Func<TState> read, Action<TState> write)
        : base(read, write, FiringMode.Immediate)
    {
        Name = name;
        OnUnhandledTrigger(Refuse);
    }

    /// <summary>How errors and `ias graph` call this machine: "run", "phase", "circuit breaker", "bug".</summary>
    public string Name { get; }

    /// <summary>A machine made by <paramref name="create"/> over a state of its own, starting at <paramref name="initial"/>: for `ias graph`, tests and working out a move.</summary>
    public static StrictStateMachine<TState, TTrigger> Holding(TState initial, Func<Func<TState>, Action<TState>, StrictStateMachine<TState, TTrigger>> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var state = initial;
        return create(() => state, s => state = s);
    }

    /// <summary>The state <paramref name="from"/> moves to on <paramref name="trigger"/> in the machine <paramref name="create"/> makes; an illegal move throws <see cref="InvalidTransitionException"/>.</summary>
    public static TState Next(TState from, TTrigger trigger, Func<Func<TState>, Action<TState>, StrictStateMachine<TState, TTrigger>> create)
    {
        var machine = Holding(from, create);
        machine.Fire(trigger);
        return machine.State;
    }

    private void Refuse(TState state, TTrigger trigger, ICollection<string>? unmetGuards)
    {
        // Only on the refusal path, so reading the configuration back costs nothing while triggers are accepted.
        var info = GetInfo().States.FirstOrDefault(s => s.UnderlyingState is TState underlying && underlying.Equals(state));
        var declared = info is null
            ? []
            : info.FixedTransitions.Select(t => t.Trigger.UnderlyingTrigger)
                .Concat(info.DynamicTransitions.Select(t => t.Trigger.UnderlyingTrigger))
                .Concat(info.IgnoredTriggers.Select(t => t.Trigger.UnderlyingTrigger))
                .OfType<TTrigger>()
                .Distinct()
                .ToArray();
        var permitted = declared.Where(CanFire).Select(t => WireName.Of(t)).ToArray();

        throw new InvalidTransitionException(
            Name, WireName.Of(state), WireName.Of(trigger), permitted, unmetGuards?.ToArray() ?? [], finalState: declared.Length == 0);
    }
}
