namespace Ias.Core.Cycles.Records;

/// <summary>What a line of a run's event log is about; the events table spells each as <see cref="RunEventKinds.Wire"/> says.</summary>
public enum RunEventKind
{
    /// <summary>The run's state machine moved.</summary>
    Transition,

    /// <summary>The circuit breaker counted or tripped.</summary>
    Breaker,

    /// <summary>A phase started or ended.</summary>
    Phase,

    Commit,

    /// <summary>The rate limit or a usage limit made the run wait.</summary>
    Rate,

    /// <summary>An agent's turn failed.</summary>
    AgentFailure,

    /// <summary>An agent's turn is tried again.</summary>
    AgentRetry,

    /// <summary>What the agent's turn did, for the log (not shown as progress).</summary>
    Agent,

    /// <summary>The engine put its state back after a crash or a lost mirror.</summary>
    Recover,

    /// <summary>ICE refused or noted a git or file operation.</summary>
    Ice,

    /// <summary>The branch was pushed or its PR opened.</summary>
    Publish,

    /// <summary>An agent edited ias's own inputs.</summary>
    Inputs,

    /// <summary>The red-team gate ran, skipped or gave up.</summary>
    RedTeam,

    /// <summary>The project's tests ran.</summary>
    Tests,

    /// <summary>An agent asked a person a question, recorded the moment it is stored: what a notifier watches for.</summary>
    DecisionRequested,

    /// <summary>A person answered a question.</summary>
    Decision,

    /// <summary>An agent's tool call, batched from its turn.</summary>
    Tool,

    /// <summary>A line an agent wrote, batched from its turn.</summary>
    Assistant,
}
