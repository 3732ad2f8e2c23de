namespace Ias.Core.StateMachines;

/// <summary>A trigger the machine does not permit in the current state, named in wire spelling on one line.</summary>
public sealed class InvalidTransitionException(
    string machine, string state, string trigger, IReadOnlyList<string> permitted, IReadOnlyList<string> unmetGuards, bool finalState)
    : InvalidOperationException($"{machine}: trigger {trigger} is not permitted in state {state} ({Why(permitted, unmetGuards, finalState)})")
{
    public string Machine { get; } = machine;

    public string State { get; } = state;

    public string Trigger { get; } = trigger;

    /// <summary>The descriptions of the guards that held the trigger back; empty when the state does not declare the trigger at all.</summary>
    public IReadOnlyList<string> UnmetGuards { get; } = unmetGuards;

    private static string Why(IReadOnlyList<string> permitted, IReadOnlyList<string> unmetGuards, bool finalState) =>
        unmetGuards.Count > 0 ? $"guard not met: {string.Join("; ", unmetGuards)}"
        : finalState ? "a final state"
        : $"permitted: {(permitted.Count == 0 ? "none now" : string.Join(", ", permitted))}";
}
