using Ias.Core.Config;

namespace Ias.Core.Cycles;

/// <summary>
/// The one table of which role plays which phase. Roles stand on the ground floor, where the config names them, and phases
/// belong to Run Mode's cycles, so the pairing lives here, above both.
/// </summary>
public static class RolePhases
{
    /// <summary>Each phase an agent plays and its role; a role's own phase is the first it plays (a queued job's IAS_PHASE).</summary>
    private static readonly (Phase Phase, Role Role)[] Table =
    [
        (Phase.Implement, Role.Implementer),
        (Phase.Review, Role.Reviewer),
        (Phase.Audit, Role.Auditor),
        (Phase.RedTeamCode, Role.RedTeam),
        (Phase.E2eTesting, Role.E2eTester),
        (Phase.PostPrAudit, Role.Auditor),
        (Phase.PostPrFix, Role.Implementer),
    ];

    /// <summary>The role that plays <paramref name="phase"/>; null for the pauses no agent plays (RATE_LIMITED, AWAITING_DECISION).</summary>
    public static Role? RoleOf(this Phase phase) =>
        Array.Find(Table, row => row.Phase == phase).Role;

    /// <summary>The phase a turn of <paramref name="role"/> is named by; a role the table does not know reads, as the reviewer does.</summary>
    public static Phase PhaseOf(this Role role) =>
        Array.Find(Table, row => row.Role == role) is { Role: not null } row ? row.Phase : Phase.Review;
}
