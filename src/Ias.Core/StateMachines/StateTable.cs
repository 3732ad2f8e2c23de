namespace Ias.Core.StateMachines;

/// <summary>An immutable table of permitted transitions: the one place a machine's rules live.</summary>
public sealed class StateTable<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<(TState From, TTrigger Trigger), Transition<TState, TTrigger>> _byKey;

    internal StateTable(string name, TState initial, IReadOnlyList<Transition<TState, TTrigger>> transitions, IReadOnlySet<TState> final)
    {
        Name = name;
        Initial = initial;
        Transitions = transitions;
        FinalStates = final;
        _byKey = transitions.ToDictionary(t => (t.From, t.Trigger));
    }

    public string Name { get; }

    public TState Initial { get; }

    public IReadOnlyList<Transition<TState, TTrigger>> Transitions { get; }

    public IReadOnlySet<TState> FinalStates { get; }

    /// <summary>Starts describing a table; every transition not declared is forbidden.</summary>
    public static StateTableBuilder<TState, TTrigger> Define(string name, TState initial) => new(name, initial);

    public bool TryGet(TState from, TTrigger trigger, out Transition<TState, TTrigger> transition) =>
        _byKey.TryGetValue((from, trigger), out transition!);

    public IEnumerable<TTrigger> PermittedTriggers(TState from) =>
        Transitions.Where(t => t.From.Equals(from)).Select(t => t.Trigger);

    /// <summary>Resolves a transition or throws naming the table, the state and the trigger.</summary>
    public Transition<TState, TTrigger> Resolve(TState from, TTrigger trigger) =>
        TryGet(from, trigger, out var t)
            ? t
            : throw new InvalidTransitionException(Name, WireName.Of(from), WireName.Of(trigger),
                PermittedTriggers(from).Select(x => WireName.Of(x)).ToArray());
}
