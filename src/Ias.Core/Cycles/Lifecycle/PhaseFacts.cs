using Ias.Core.Config;

namespace Ias.Core.Cycles.Lifecycle;

/// <summary>
/// The one table of which role plays which phase. Roles stand on the ground floor, where the config names them, and phases
/// belong to Run Mode's cycles, so the pairing lives here, above both.
/// </summary>
public static class RolePhases
{
    /// <summary>
    /// Each phase an agent plays, in the order the run meets them, its role, and whether it gives a verdict (findings the
    /// next implement or fix turn works on); a role's own phase is the first it plays (a queued job's IAS_PHASE).
    /// </summary>
    private static readonly (Phase Phase, Role Role, bool Verdict)[] Table =
    [
        (Phase.Implement, Role.Implementer, false),
        (Phase.Review, Role.Reviewer, true),
        (Phase.Audit, Role.Auditor, true),
        (Phase.RedTeamCode, Role.RedTeam, true),
        (Phase.PostPrAudit, Role.Auditor, true),
        (Phase.PostPrFix, Role.Implementer, false),
        (Phase.E2eTesting, Role.E2eTester, true),
    ];

    /// <summary>Every phase an agent plays, in the order the run meets them.</summary>
    public static IReadOnlyList<Phase> Played { get; } = [.. Table.Select(row => row.Phase)];

    /// <summary>Whether <paramref name="phase"/> gives a verdict: review, audit, the red team, post-PR audit and e2e testing.</summary>
    public static bool GivesVerdict(this Phase phase) => Array.Exists(Table, row => row.Phase == phase && row.Verdict);

    /// <summary>The role that plays <paramref name="phase"/>; null for the pauses no agent plays (RATE_LIMITED, AWAITING_DECISION).</summary>
    public static Role? RoleOf(this Phase phase) =>
        Array.Find(Table, row => row.Phase == phase).Role;

    /// <summary>The phase a turn of <paramref name="role"/> is named by; a role the table does not know reads, as the reviewer does.</summary>
    public static Phase PhaseOf(this Role role) =>
        Array.Find(Table, row => row.Role == role) is { Role: not null } row ? row.Phase : Phase.Review;
}
