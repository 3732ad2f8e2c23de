namespace Ias.Core.StateMachines;

/// <summary>One permitted edge. <see cref="ReturnsToPrevious"/> edges go back to the state the machine left to enter <see cref="From"/>.</summary>
public sealed record Transition<TState, TTrigger>(TState From, TTrigger Trigger, TState To, bool ReturnsToPrevious = false)
    where TState : struct, Enum
    where TTrigger : struct, Enum;
