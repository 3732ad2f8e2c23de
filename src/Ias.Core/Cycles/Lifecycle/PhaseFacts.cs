using Ias.Core.Config;
using Ias.Core.Guardrails;

namespace Ias.Core.Cycles.Lifecycle;

/// <summary>
/// What a played phase is: who plays it, its prompt, its guardrail skill, the step that runs it, and where it stands.
/// </summary>
/// <param name="Phase">The phase an agent plays.</param>
/// <param name="Role">The role that plays it; a role's own phase is the first row it has (a queued job's IAS_PHASE).</param>
/// <param name="Prompt">Its prompt's name: the embedded `Prompts/NAME.md` and the override `.ias/prompts/NAME.md`.</param>
/// <param name="Skill">The skill it invokes, by the original Run Mode tools' names (<see cref="DangerLevels"/>).</param>
/// <param name="Step">The step that runs its turn.</param>
/// <param name="Verdict">Whether it gives a verdict: findings the next implement or fix turn works on.</param>
/// <param name="PostPr">Whether it comes after the draft PR (post-PR validation).</param>
public sealed record PhaseFact(Phase Phase, Role Role, string Prompt, string Skill, StepKind Step, bool Verdict, bool PostPr);

/// <summary>The one table of phase facts, in the order the run meets the phases; every switch on a played phase reads it.</summary>
/// <remarks>
/// Roles stand on the ground floor, where the config names them, and phases belong to Run Mode's cycles, so the table
/// lives here, above both. Where a phase leads is the phase machine's (`Machines.Phases`), not the table's.
/// </remarks>
public static class PhaseFacts
{
    private static readonly PhaseFact[] Table =
    [
        new(Phase.Implement, Role.Implementer, "implement", DangerLevels.ImplementingTasks, StepKind.Implement, Verdict: false, PostPr: false),
        new(Phase.Review, Role.Reviewer, "review", DangerLevels.ReviewingCode, StepKind.Verdict, Verdict: true, PostPr: false),
        new(Phase.Audit, Role.Auditor, "audit", DangerLevels.AuditingSecurity, StepKind.Verdict, Verdict: true, PostPr: false),
        new(Phase.RedTeamCode, Role.RedTeam, "red-team-code", DangerLevels.RedTeamingCode, StepKind.RedTeam, Verdict: true, PostPr: false),
        new(Phase.PostPrAudit, Role.Auditor, "post-pr-audit", DangerLevels.AuditingSecurity, StepKind.PostPr, Verdict: true, PostPr: true),
        new(Phase.PostPrFix, Role.Implementer, "post-pr-fix", DangerLevels.ImplementingTasks, StepKind.Implement, Verdict: false, PostPr: true),

        // The tester reads and runs the tests, as a reviewer does; it changes nothing.
        new(Phase.E2eTesting, Role.E2eTester, "e2e-testing", DangerLevels.ReviewingCode, StepKind.PostPr, Verdict: true, PostPr: true),
    ];

    /// <summary>Every phase an agent plays, in the order the run meets them.</summary>
    public static IReadOnlyList<Phase> Played { get; } = [.. Table.Select(row => row.Phase)];

    /// <summary>The facts of <paramref name="phase"/>; null for the pauses no agent plays (RATE_LIMITED, AWAITING_DECISION).</summary>
    public static PhaseFact? Find(Phase phase) => Array.Find(Table, row => row.Phase == phase);

    /// <summary>The facts of a played <paramref name="phase"/>; a pause has none, and asking is a bug.</summary>
    public static PhaseFact Facts(this Phase phase) =>
        Find(phase) ?? throw new ArgumentOutOfRangeException(nameof(phase), phase, "no agent plays this phase");

    /// <summary>Whether <paramref name="phase"/> gives a verdict: review, audit, the red team, post-PR audit and e2e testing.</summary>
    public static bool GivesVerdict(this Phase phase) => Find(phase)?.Verdict == true;

    /// <summary>Whether <paramref name="phase"/> comes after the draft PR: post-PR audit, its fix and e2e testing.</summary>
    public static bool IsPostPr(this Phase phase) => Find(phase)?.PostPr == true;

    /// <summary>The role that plays <paramref name="phase"/>; null for the pauses no agent plays (RATE_LIMITED, AWAITING_DECISION).</summary>
    public static Role? RoleOf(this Phase phase) => Find(phase)?.Role;

    /// <summary>The phase a turn of <paramref name="role"/> is named by; a role the table does not know reads, as the reviewer does.</summary>
    public static Phase PhaseOf(this Role role) =>
        Array.Find(Table, row => row.Role == role)?.Phase ?? Phase.Review;
}
