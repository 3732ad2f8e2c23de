namespace Ias.Core.Agents;

/// <summary>Why an agent run failed, coarse enough to choose between waiting, stopping and retrying.</summary>
public enum FailureClass
{
    /// <summary>The run succeeded.</summary>
    None,

    /// <summary>The account hit its usage limit; wait for the reset.</summary>
    UsageLimit,

    /// <summary>The CLI is not logged in or its key is invalid; a human must fix it.</summary>
    Auth,

    /// <summary>The API could not be reached or was overloaded; a retry may work.</summary>
    Network,

    /// <summary>The process ended without a result.</summary>
    Crash,

    /// <summary>The runner killed the process at its wall or idle limit.</summary>
    Timeout,

    /// <summary>The process wrote nothing the stream format recognises.</summary>
    Garbage,

    /// <summary>The agent reported an error that matches no known class.</summary>
    Unknown,

    /// <summary>The account is refused: billing or credits ran out, or its access was denied (403 PERMISSION_DENIED); a human must fix it.</summary>
    Billing,

    /// <summary>A short-term 429 or a 5xx/overloaded answer; retry the step with backoff.</summary>
    Transient,

    /// <summary>Context too long, maximum turns or budget reached: the step ends incomplete, with its reason.</summary>
    Incomplete,

    /// <summary>The CLI refused its own invocation (a bad flag, root with a bypass flag); halt with its stderr.</summary>
    ConfigError,

    /// <summary>The turn changed what the agent must not (a ref, a hook, git config, the engine's commits); halt, and run no git until a person looks.</summary>
    Breach,
}
