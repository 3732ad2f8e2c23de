using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Plans;

namespace Ias.Core.Tests.Plans;

/// <summary>The consolidated PR of a sprint plan: per-sprint table, commits grouped by sprint.</summary>
public sealed class PlanPullRequestTextTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Commits_are_grouped_by_their_sprint_marker_in_order_with_the_rest_under_other()
    {
        var groups = PlanPullRequestText.Group(
        [
            "a1b2c3d feat(sprint-1): cycle 1 — one",
            "b2c3d4e feat(sprint-2): cycle 1 — two",
            "c3d4e5f feat(sprint-1): cycle 2 — three",
            "d4e5f6a WIP: Run halted - user",
        ]);

        Assert.Equal(["sprint-1", "sprint-2", "other"], groups.Select(g => g.Sprint));
        Assert.Equal(["a1b2c3d feat(sprint-1): cycle 1 — one", "c3d4e5f feat(sprint-1): cycle 2 — three"], groups[0].Subjects);
    }

    [Fact]
    public void The_body_has_a_row_per_sprint_and_an_incomplete_draft_says_where_it_halted()
    {
        var plan = new SprintPlanState(
            "plan-1",
            RunState.Halted,
            [
                new PlanSprint("sprint-1", PlanSprintStatus.Completed, 2, "run-a", "feature/p", 2, 4, Skipped: true),
                new PlanSprint("sprint-2", PlanSprintStatus.InProgress, 1, "run-b", "feature/p", 1, 2),
                new PlanSprint("sprint-3", PlanSprintStatus.Pending),
            ],
            "sprint-2",
            new PlanOptions(1, 3, new(20, 8)),
            "feature/p",
            Start,
            Start,
            HaltReason: "circuit breaker: same finding");

        var text = PlanPullRequestText.For(plan, ["a1b2c3d feat(sprint-2): cycle 1 — x"], [], incomplete: true);

        Assert.Equal("[INCOMPLETE] Run Mode: sprint plan (sprint-1 … sprint-3)", text.Title);
        Assert.Contains("| sprint-1 | completed earlier (skipped) | 2 | 2 | 4 |", text.Body);
        Assert.Contains("| sprint-2 | in_progress | 1 | 1 | 2 |", text.Body);
        Assert.Contains("| sprint-3 | pending | – | 0 | 0 |", text.Body);
        Assert.Contains("The plan halted at sprint-2: circuit breaker: same finding.", text.Body);
        Assert.Contains("### sprint-2\n\n- a1b2c3d feat(sprint-2): cycle 1 — x\n", text.Body);
    }

    [Fact]
    public void Under_metadata_only_commits_stay_grouped_by_sprint_with_their_words_and_the_halt_reason_withheld()
    {
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);
        var plan = new SprintPlanState(
            "plan-1",
            RunState.Halted,
            [new PlanSprint("sprint-1", PlanSprintStatus.Completed, 2, "run-a", "feature/p", 2, 4), new PlanSprint("sprint-2", PlanSprintStatus.InProgress, 1, "run-b", "feature/p", 1, 2)],
            "sprint-2",
            new PlanOptions(1, 2, new(20, 8)),
            "feature/p",
            Start,
            Start,
            HaltReason: "auditor: the payroll export mails salaries to everyone");

        var text = PlanPullRequestText.For(
            plan, ["a1b2c3d feat(sprint-1): cycle 1 — Payroll export by department", "b2c3d4e feat(sprint-2): cycle 1 — Mail salaries"], [], incomplete: true, policy: policy);

        Assert.DoesNotContain("alar", text.Title + text.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("ayroll", text.Title + text.Body, StringComparison.Ordinal);
        Assert.Contains($"The plan halted at sprint-2: {policy.Text("pr.body", "auditor: the payroll export mails salaries to everyone")}.", text.Body);
        Assert.Contains($"### sprint-1\n\n- a1b2c3d feat(sprint-1): cycle 1 — {policy.Text("pr.body", "Payroll export by department")}\n", text.Body);
        Assert.Contains("### sprint-2\n\n- b2c3d4e feat(sprint-2): cycle 1 — [withheld: pr.body, sha256:", text.Body);
        Assert.Contains("| sprint-1 | completed | 2 | 2 | 4 |", text.Body);
        Assert.Contains("plan `plan-1`", text.Body);
    }
}
