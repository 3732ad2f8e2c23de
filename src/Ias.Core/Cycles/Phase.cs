namespace Ias.Core.Cycles;

/// <summary>Phases inside RUNNING, one per step of the loop; RATE_LIMITED pauses whichever phase was next.</summary>
public enum Phase
{
    Implement,
    Review,
    Audit,

    /// <summary>The red-team code-vs-design gate after a passing audit (red_team.code_vs_design).</summary>
    RedTeamCode,
    RateLimited,
}
