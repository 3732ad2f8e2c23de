namespace Ias.Core.Config;

/// <summary>Which agent plays one role, how it is started, and how long a turn may run or sit silent.</summary>
public sealed record AgentSettings(
    AgentKind Agent,
    string? Command,
    string? Model,
    IReadOnlyList<string> Args,
    TimeSpan TurnTimeout,
    TimeSpan IdleTimeout)
{
    /// <summary>What agents.default starts from: Claude with its own command and model, 30-minute turns, 10 idle minutes.</summary>
    public static AgentSettings Defaults { get; } = new(
        new AgentKind("claude"),
        Command: null,
        Model: null,
        Args: [],
        TurnTimeout: TimeSpan.FromMinutes(30),
        IdleTimeout: TimeSpan.FromMinutes(10));

    // Args is a list, which the generated equality would compare by reference; settings are equal by content.
    public bool Equals(AgentSettings? other) =>
        other is not null
        && Agent == other.Agent
        && Command == other.Command
        && Model == other.Model
        && Args.SequenceEqual(other.Args)
        && TurnTimeout == other.TurnTimeout
        && IdleTimeout == other.IdleTimeout;

    public override int GetHashCode() => HashCode.Combine(Agent, Command, Model, Args.Count, TurnTimeout, IdleTimeout);
}
