namespace Ias.Core.Cycles.Lifecycle;

/// <summary>Phases inside RUNNING, one per step of the loop; RATE_LIMITED and AWAITING_DECISION pause whichever phase was next.</summary>
public enum Phase
{
    Implement,
    Review,
    Audit,

    /// <summary>The red-team code-vs-design gate after a passing audit (red_team.code_vs_design).</summary>
    RedTeamCode,

    /// <summary>Post-PR validation: the auditor reads the whole PR.</summary>
    PostPrAudit,

    /// <summary>Post-PR validation: the implementer fixes what the PR audit or the tester found.</summary>
    PostPrFix,

    /// <summary>Post-PR validation: a fresh-eyes tester runs the project's tests and tries the change.</summary>
    E2eTesting,
    RateLimited,

    /// <summary>The agent asked a person a question (`ias ask`): no agent runs and no cycle counts until it is answered.</summary>
    AwaitingDecision,
}
