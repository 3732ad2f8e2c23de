namespace Ias.Core.StateMachines;

/// <summary>A current state walked through a <see cref="StateTable{TState,TTrigger}"/>; not thread-safe, one owner.</summary>
public sealed class StateMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public StateMachine(StateTable<TState, TTrigger> table, TState? current = null, TState? previous = null)
    {
        Table = table;
        State = current ?? table.Initial;
        Previous = previous;
    }

    public StateTable<TState, TTrigger> Table { get; }

    public TState State { get; private set; }

    /// <summary>The state left by the last transition; where a return edge goes back to.</summary>
    public TState? Previous { get; private set; }

    public bool CanFire(TTrigger trigger) => Table.TryGet(State, trigger, out _);

    /// <summary>Takes the transition or throws <see cref="InvalidTransitionException"/>; returns the new state.</summary>
    public TState Fire(TTrigger trigger)
    {
        var t = Table.Resolve(State, trigger);
        var target = t.ReturnsToPrevious
            ? Previous ?? throw new InvalidOperationException($"{Table.Name}: {WireName.Of(State)} has no state to return to")
            : t.To;
        Previous = State;
        State = target;
        return target;
    }
}
