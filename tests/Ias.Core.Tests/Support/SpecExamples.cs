namespace Ias.Core.Tests.Support;

/// <summary>The original Run Mode tools' example state files, verbatim: the contracts ias writes to and reads from them.</summary>
public static class SpecExamples
{
    /// <summary>The state.json example.</summary>
    public const string State = """
        {
          "run_id": "run-20260119-abc123",
          "target": "sprint-1",
          "branch": "feature/sprint-1",
          "state": "RUNNING",
          "phase": "IMPLEMENT",
          "timestamps": {
            "started": "2026-01-19T10:00:00Z",
            "last_activity": "2026-01-19T11:30:00Z"
          },
          "cycles": {
            "current": 3,
            "limit": 20,
            "history": [
              {"cycle": 1, "phase": "IMPLEMENT", "findings": 5},
              {"cycle": 2, "phase": "REVIEW", "findings": 2},
              {"cycle": 3, "phase": "IMPLEMENT", "findings": 0}
            ]
          },
          "metrics": {
            "files_changed": 15,
            "commits": 3,
            "findings_fixed": 7
          }
        }
        """;

    /// <summary>The circuit-breaker.json ("..." for the trip's time included) example.</summary>
    public const string CircuitBreaker = """
        {
          "state": "CLOSED",
          "triggers": {
            "same_issue": {"count": 0, "last_hash": null},
            "no_progress": {"count": 0},
            "cycle_count": {"current": 3, "limit": 20},
            "timeout": {"started": "2026-01-19T10:00:00Z", "limit_hours": 8}
          },
          "history": [
            {"timestamp": "...", "trigger": "same_issue", "hash": "abc123"}
          ]
        }
        """;

    /// <summary>The rate-limit.json example.</summary>
    public const string RateLimit = """
        {
          "current_hour": "2026-01-19T10:00:00Z",
          "calls_this_hour": 45,
          "limit": 100,
          "consecutive_waits": 0
        }
        """;

    /// <summary>The sprint-plan-state.json example.</summary>
    public const string SprintPlanState = """
        {
        "plan_id": "plan-20260128-abc123",
        "target": "sprint-plan",
        "state": "RUNNING",
        "sprints": {
        "total": 4,
        "completed": 2,
        "current": "sprint-3",
        "list": [
        {"id": "sprint-1", "status": "completed", "cycles": 2},
        {"id": "sprint-2", "status": "completed", "cycles": 3},
        {"id": "sprint-3", "status": "in_progress", "cycles": 1},
        {"id": "sprint-4", "status": "pending"}
        ]
        },
        "options": {
        "from": 1,
        "to": 4,
        "max_cycles": 20
        },
        "metrics": {
        "total_cycles": 6,
        "total_files_changed": 45
        }
        }
        """;
}
