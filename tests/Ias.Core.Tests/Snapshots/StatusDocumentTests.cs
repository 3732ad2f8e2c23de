using Ias.Core.Bugs;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>`ias run-status --json` is a contract scripts read: its field names, their order, its nulls and its numbers.</summary>
public sealed class StatusDocumentTests
{
    [Fact]
    public void With_no_run_every_field_is_still_written_as_null_in_its_place()
    {
        var json = StatusDocument.Of(EngineSnapshot.Empty(Samples.Start)).ToJson();
        Assert.Equal(
            """
            {
              "run_id": null,
              "target": null,
              "branch": null,
              "state": null,
              "phase": null,
              "cycle": null,
              "cycle_limit": null,
              "started": null,
              "last_activity": null,
              "runtime_seconds": null,
              "timeout_hours": null,
              "sandboxed": null,
              "halt_reason": null,
              "pushed": null,
              "pr_created": null,
              "pr_url": null,
              "not_published": null,
              "engine": {
                "alive": false,
                "owner": null
              },
              "source": null,
              "metrics": null,
              "usage": null,
              "budget": null,
              "circuit_breaker": null,
              "rate_limit": null,
              "sprint_plan": null,
              "bug": null
            }
            """,
            json);
    }

    [Fact]
    public void A_run_with_every_part_writes_every_field_in_order_with_its_number_format()
    {
        var json = StatusDocument.Of(Full()).ToJson();
        // Money keeps the scale it was counted in (3.10), timestamps are whole UTC seconds, strings are escaped as ever.
        Assert.Equal(
            """
            {
              "run_id": "run-20260119-abc123",
              "target": "sprint-1",
              "branch": "feature/sprint-1",
              "state": "JACK_IN",
              "phase": "RATE_LIMITED",
              "cycle": 3,
              "cycle_limit": 20,
              "started": "2026-01-19T10:00:00Z",
              "last_activity": "2026-01-19T11:30:00Z",
              "runtime_seconds": 1800,
              "timeout_hours": 7.5,
              "sandboxed": true,
              "halt_reason": "same issue 3 times: \u0022null check\u0022 \u002B \u00E9",
              "pushed": true,
              "pr_created": false,
              "pr_url": "https://github.com/o/r/pull/7",
              "not_published": "gh: HTTP 502",
              "engine": {
                "alive": true,
                "owner": "pid 4242 on host"
              },
              "source": "ias_db",
              "metrics": {
                "files_changed": 15,
                "commits": 3,
                "findings_fixed": 7
              },
              "usage": {
                "tokens_in": 123456789012,
                "tokens_out": 42,
                "cost_usd": 1.25
              },
              "budget": {
                "run_spent_usd": 1.25,
                "today_spent_usd": 3.10,
                "next_call_usd": 0.75,
                "run_cap_usd": 10,
                "run_cap_key": "run_mode.max_cost_usd",
                "run_left_usd": 8.75,
                "daily_cap_usd": 25.50,
                "daily_cap_key": "run_mode.daily_cost_usd",
                "daily_left_usd": 22.40
              },
              "circuit_breaker": {
                "state": "HALF_OPEN",
                "same_issue": "2/4",
                "no_progress": "1/6",
                "trips": 2,
                "last_trip": "no file changes in 5 cycles"
              },
              "rate_limit": {
                "calls_this_hour": 45,
                "limit": 100,
                "consecutive_waits": 2,
                "waiting_until": "2026-01-19T11:00:00Z",
                "seconds_to_reset": 1800
              },
              "sprint_plan": {
                "plan_id": "plan-20260119-1",
                "state": "RUNNING",
                "completed": 1,
                "total": 2,
                "current": "sprint-2",
                "branch": "feature/sprint-plan-20260119",
                "pr_url": null,
                "sync": {
                  "synced": true,
                  "reason": "git_inferred_completion",
                  "commits_found": 2,
                  "commits_expected": 2,
                  "base_branch": "main"
                }
              },
              "bug": {
                "bug_id": "20260119-a3f2b1",
                "state": "IMPLEMENTING",
                "sprint_id": "sprint-bug-1",
                "risk_level": "medium",
                "halt_reason": null
              }
            }
            """,
            json);
    }

    [Fact]
    public void What_an_agent_wrote_is_written_inert()
    {
        var escape = "fix it\u001b[2J\u001b]0;title\u0007 now";
        var snap = Full();
        snap = snap with
        {
            Status = snap.Status with
            {
                Run = snap.Status.Run! with { HaltReason = escape, NotPublished = escape },
                Breaker = snap.Status.Breaker! with { History = [new BreakerTrip(Samples.Start, TripCause.SameIssue, null, escape)] },
            },
            Bug = snap.Bug! with { HaltReason = escape },
        };

        var json = StatusDocument.Of(snap).ToJson();

        Assert.DoesNotContain("\\u001B", json);
        Assert.DoesNotContain("\\u0007", json);
    }

    /// <summary>A run with a breaker, a rate wait, a plan the state sync marked, a bug and spend against both caps.</summary>
    private static EngineSnapshot Full()
    {
        var run = Samples.Run() with { Pushed = true, PrUrl = "https://github.com/o/r/pull/7", NotPublished = "gh: HTTP 502" };
        var status = new RunStatus(run, Samples.Breaker(), Samples.RateLimit(), true, "pid 4242 on host", Samples.Start.AddMinutes(30));
        var plan = new SprintPlanState(
            "plan-20260119-1", RunState.Running,
            [new PlanSprint("sprint-1", PlanSprintStatus.Completed, Cycles: 2), new PlanSprint("sprint-2", PlanSprintStatus.InProgress)],
            "sprint-2", new PlanOptions(1, 2, new RunOptions(20, 8)), "feature/sprint-plan-20260119", Samples.Start, Samples.Start);
        var bug = new BugRecord(
            "20260119-a3f2b1", "Token check rejects valid sessions", "sprint-bug-1", BugState.Implementing, Samples.Start, Samples.Start,
            1, 0, 0, null, new BugConfidence("strong", "unit", "medium", 1, 4), "bugfix/20260119-a3f2b1", new RunOptions(10, 2), [], [], false);
        var caps = new SpendCaps(new SpendCap(10m, "run_mode.max_cost_usd"), new SpendCap(25.50m, "run_mode.daily_cost_usd"));
        return new EngineSnapshot(status, [], "codex", plan)
        {
            PlanSync = new SprintPlanSync(true, SprintPlanSync.Inferred, 2, 2, "main", "{}"),
            Bug = bug,
            Spend = new Spend(1.25m, 3.10m, 0.75m, caps),
        };
    }
}
