using Ias.Core.StateMachines;

namespace Ias.Core.Bugs;

/// <summary>
/// A bug run's "Allowed State Transitions", exactly, then the post-PR validation of its draft PR that every Run Mode PR gets
/// when post_pr_validation is on: COMPLETED → POST_PR_AUDIT → E2E_TESTING → READY_FOR_HITL, a tester's finding fixed and
/// audited again. "ANY → HALTED" is every state that is not already an end.
/// </summary>
public static class BugStateMachine
{
    /// <summary>A bug machine over state the caller stores (the bug's record).</summary>
    public static StrictStateMachine<BugState, BugTrigger> Create(Func<BugState> read, Action<BugState> write)
    {
        var machine = new StrictStateMachine<BugState, BugTrigger>("bug", read, write);
        machine.Configure(BugState.Triage)
            .Permit(BugTrigger.TriageComplete, BugState.Implementing);
        machine.Configure(BugState.Implementing)
            .Permit(BugTrigger.Implemented, BugState.Reviewing);
        machine.Configure(BugState.Reviewing)
            .Permit(BugTrigger.ReviewFindings, BugState.Implementing)
            .Permit(BugTrigger.ReviewPassed, BugState.Auditing);
        machine.Configure(BugState.Auditing)
            .Permit(BugTrigger.AuditFindings, BugState.Implementing)
            .Permit(BugTrigger.AuditPassed, BugState.Completed);
        machine.Configure(BugState.Completed)
            .Permit(BugTrigger.Validate, BugState.PostPrAudit);
        machine.Configure(BugState.PostPrAudit)
            .Permit(BugTrigger.PostPrPassed, BugState.E2eTesting);
        machine.Configure(BugState.E2eTesting)
            .Permit(BugTrigger.E2eFixed, BugState.PostPrAudit)
            .Permit(BugTrigger.Validated, BugState.ReadyForHitl);
        foreach (var state in Enum.GetValues<BugState>().Where(s => s is not (BugState.Completed or BugState.Halted or BugState.ReadyForHitl)))
        {
            machine.Configure(state).Permit(BugTrigger.Halt, BugState.Halted);
        }

        return machine;
    }

    /// <summary>A bug machine at TRIAGE holding its own state: for `ias graph` and tests.</summary>
    public static StrictStateMachine<BugState, BugTrigger> Create() => StrictStateMachine<BugState, BugTrigger>.Holding(BugState.Triage, Create);
}
