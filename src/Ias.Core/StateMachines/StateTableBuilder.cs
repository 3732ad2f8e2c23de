namespace Ias.Core.StateMachines;

/// <summary>Fluent description of a <see cref="StateTable{TState,TTrigger}"/>: Configure(state).Permit(trigger, target).</summary>
public sealed class StateTableBuilder<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly string _name;
    private readonly TState _initial;
    private readonly List<Transition<TState, TTrigger>> _transitions = [];
    private readonly HashSet<TState> _final = [];

    internal StateTableBuilder(string name, TState initial)
    {
        _name = name;
        _initial = initial;
    }

    public StateBuilder Configure(TState state) => new(this, state);

    public StateTable<TState, TTrigger> Build() => new(_name, _initial, _transitions.ToArray(), _final);

    private void Add(Transition<TState, TTrigger> t)
    {
        if (_transitions.Any(x => x.From.Equals(t.From) && x.Trigger.Equals(t.Trigger)))
        {
            throw new InvalidOperationException($"{_name}: {WireName.Of(t.From)} already permits {WireName.Of(t.Trigger)}");
        }

        _transitions.Add(t);
    }

    /// <summary>The permitted triggers of one state.</summary>
    public sealed class StateBuilder(StateTableBuilder<TState, TTrigger> owner, TState state)
    {
        public StateBuilder Permit(TTrigger trigger, TState target)
        {
            owner.Add(new(state, trigger, target));
            return this;
        }

        /// <summary>Leaves this state for whichever state entered it (a pause that resumes where it was).</summary>
        public StateBuilder PermitReturn(TTrigger trigger)
        {
            owner.Add(new(state, trigger, state, ReturnsToPrevious: true));
            return this;
        }

        /// <summary>Marks the state as one a run ends in; the Mermaid graph draws it to [*].</summary>
        public StateBuilder Final()
        {
            owner._final.Add(state);
            return this;
        }

        public StateBuilder Configure(TState next) => owner.Configure(next);

        public StateTable<TState, TTrigger> Build() => owner.Build();
    }
}
