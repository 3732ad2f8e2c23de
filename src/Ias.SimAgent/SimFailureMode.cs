namespace Ias.SimAgent;

/// <summary>A way the simulated agent misbehaves, named as in scenario files ("usage_limit").</summary>
public enum SimFailureMode
{
    /// <summary>Emit the init event, write a line to stderr and exit 3 without a result.</summary>
    Crash,

    /// <summary>Emit the init event, then wait until killed.</summary>
    Hang,

    /// <summary>Interleave lines that are not JSON with the normal output, then succeed.</summary>
    Garbage,

    /// <summary>Emit <see cref="SimScenario.HugeMb"/> megabytes of assistant text, then succeed.</summary>
    Huge,

    /// <summary>Report a rejected rate limit and fail with Claude's usage-limit message; exit 1.</summary>
    UsageLimit,

    /// <summary>Fail with Claude's invalid-key message; exit 1.</summary>
    Auth,

    /// <summary>Behave normally but wait <see cref="SimScenario.SlowMs"/> before each line.</summary>
    Slow,

    /// <summary>Emit the init event, wait until the file <see cref="SimScenario.HoldFile"/> exists, then behave normally: a test acts while the agent is surely mid-turn.</summary>
    Hold,

    /// <summary>Do the role's normal work (the implementer's edits included), then wait until killed without a result.</summary>
    HangAfterWork,

    /// <summary>Do the role's normal work, then wait until the file <see cref="SimScenario.HoldFile"/> exists before the result: a test reads what the turn reported so far.</summary>
    HoldAfterWork,

    /// <summary>Streams drip_lines lines of assistant text at drip_rate lines a second before its normal work (dashboards, benchmarks).</summary>
    Drip,

    /// <summary>Fail with Claude's low-credit message; exit 1.</summary>
    Billing,

    /// <summary>Fail with Claude's "529 Overloaded" after its own retries; exit 1.</summary>
    Overloaded,

    /// <summary>Refuse the command line on stderr, as a CLI does with an unknown flag; exit 1 without a result.</summary>
    ConfigError,

    /// <summary>Stop at the maximum number of turns (result subtype error_max_turns); exit 1.</summary>
    MaxTurns,

    /// <summary>Prints made-up API keys and the values of its *_API_KEY and *_TOKEN variables in text, a tool call, a tool result and stderr, then behaves normally.</summary>
    Leak,
}
