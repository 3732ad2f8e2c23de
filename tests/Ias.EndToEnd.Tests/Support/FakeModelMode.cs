namespace Ias.EndToEnd.Tests.Support;

/// <summary>What the fake model API answers: real work, or one of the failures a model API can answer with.</summary>
public enum FakeModelMode
{
    /// <summary>Implement writes the work file, review and audit pass.</summary>
    Work,

    /// <summary>As <see cref="Work"/>, but the implementer first asks a person with `ias ask`, and once resumed with the answer writes it into the work file.</summary>
    Ask,

    /// <summary>401 with the vendor's authentication error.</summary>
    Unauthorized,

    /// <summary>429 whose text names a usage limit and its reset time.</summary>
    UsageLimit,

    /// <summary>429 usage limit whose reset (OpenAI's resets_at) is ten past midnight three days ahead, local time: codex prints it as a date.</summary>
    UsageLimitDaysAhead,

    /// <summary>429 usage limit whose reset falls in the minute it is served: codex prints that minute's time of day.</summary>
    UsageLimitThisMinute,

    /// <summary>403 PERMISSION_DENIED: the project's billing is disabled.</summary>
    BillingDisabled,

    /// <summary>403 PERMISSION_DENIED: the project has been denied access (no billing words).</summary>
    AccessDenied,

    /// <summary>429 usage limit whose reset (OpenAI's resets_at) went by two seconds before it was served.</summary>
    UsageLimitGoneBy,

    /// <summary>429 without usage-limit text, with retry-after.</summary>
    RateLimited,

    /// <summary>529 (Anthropic) or 503: overloaded.</summary>
    Overloaded,

    /// <summary>Response headers, then a stream that never moves.</summary>
    Stall,
}
