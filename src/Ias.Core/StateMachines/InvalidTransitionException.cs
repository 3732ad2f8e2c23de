namespace Ias.Core.StateMachines;

/// <summary>A trigger the table does not permit in the current state.</summary>
public sealed class InvalidTransitionException(string machine, string state, string trigger, IReadOnlyList<string> permitted)
    : InvalidOperationException(
        $"{machine}: trigger {trigger} is not permitted in state {state}" +
        (permitted.Count == 0 ? " (a final state)" : $" (permitted: {string.Join(", ", permitted)})"))
{
    public string Machine { get; } = machine;

    public string State { get; } = state;

    public string Trigger { get; } = trigger;
}
