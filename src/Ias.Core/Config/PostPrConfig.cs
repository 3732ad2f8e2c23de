namespace Ias.Core.Config;

/// <summary>
/// Post-PR validation (post_pr_validation): after the draft PR, an audit of the whole PR and a fresh-eyes test, each with
/// a fix loop, ending in READY_FOR_HITL (002, v1.25.0).
/// </summary>
/// <param name="Enabled">post_pr_validation.enabled (off unless set).</param>
/// <param name="Audit">post_pr_validation.phases.audit.enabled: the POST_PR_AUDIT phase.</param>
/// <param name="AuditMaxIterations">post_pr_validation.phases.audit.max_iterations: fixes the audit may ask for before the run halts.</param>
/// <param name="E2e">post_pr_validation.phases.e2e.enabled: the E2E_TESTING phase.</param>
/// <param name="E2eMaxIterations">post_pr_validation.phases.e2e.max_iterations: fixes the tester may ask for before the run halts.</param>
public sealed record PostPrConfig(bool Enabled, bool Audit, int AuditMaxIterations, bool E2e, int E2eMaxIterations)
{
    public static readonly PostPrConfig Defaults = new(false, true, 3, true, 3);
}
