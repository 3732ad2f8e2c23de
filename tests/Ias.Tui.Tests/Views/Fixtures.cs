using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Turns;

namespace Ias.Tui.Tests.Views;

/// <summary>Fixed snapshots, so a screen renders the same today and in a year.</summary>
public static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 42, 13, TimeSpan.Zero);

    public static EngineSnapshot Running()
    {
        var started = Now.AddMinutes(-17).AddSeconds(-5);
        var run = new RunSnapshot(
            "run-20261122-abc123", "sprint-1", "feature/sprint-1", RunState.Running, Phase.Review, started, Now.AddSeconds(-3),
            CycleCurrent: 2, CycleLimit: 20,
            CycleHistory: [new CycleEntry(1, Phase.Implement, 0), new CycleEntry(1, Phase.Review, 2), new CycleEntry(2, Phase.Implement, 0)],
            FilesChanged: 7, Commits: 2, FindingsFixed: 0, new RunOptions(20, 8), TokensIn: 18_200, TokensOut: 4_100, CostUsd: 0.42m);
        var breaker = new BreakerSnapshot(BreakerState.Closed, 1, "4f2a9c1b7d3e", 3, 0, 5, 2, 20, started, 8, []);
        var rate = new RateLimitSnapshot(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), 37, 100, 0, null);
        var status = new RunStatus(run, breaker, rate, EngineAlive: true, "pid 4242 on buildbox", Now);
        JobRow Job(long id, int cycle, Phase phase, Role role, JobStatus s, int minutes, int findings, int attempts = 1) =>
            new(id, cycle, phase, role, s, attempts, started.AddMinutes(minutes), s == JobStatus.Running ? null : started.AddMinutes(minutes + 4), null, findings, null);
        return new EngineSnapshot(status,
        [
            Job(1, 1, Phase.Implement, Role.Implementer, JobStatus.Done, 0, 0),
            Job(2, 1, Phase.Review, Role.Reviewer, JobStatus.Done, 4, 2),
            Job(3, 2, Phase.Implement, Role.Implementer, JobStatus.Done, 8, 0, attempts: 2),
            Job(4, 2, Phase.Review, Role.Reviewer, JobStatus.Running, 12, 0),
        ], "claude");
    }

    /// <summary>The running sprint under a cap of $1.00 per run.</summary>
    public static EngineSnapshot Budgeted() =>
        Running() with { Spend = new Spend(0.42m, 0.42m, 0.21m, new SpendCaps(new SpendCap(1.00m, SpendCaps.RunKey), null)) };

    public static EngineSnapshot Tripped()
    {
        var s = Running();
        var run = s.Status.Run! with { State = RunState.Halted, HaltReason = "circuit breaker: same finding hash 4f2a9c1b7d3e seen 3 times (threshold 3)", CycleCurrent = 3 };
        var trip = new BreakerTrip(Now.AddMinutes(-1), TripCause.SameIssue, "4f2a9c1b7d3e", "same finding hash 4f2a9c1b7d3e seen 3 times (threshold 3)");
        var breaker = s.Status.Breaker! with { State = BreakerState.Open, SameIssueCount = 3, CycleCurrent = 3, History = [trip] };
        var rate = s.Status.RateLimit! with { CallsThisHour = 100, ConsecutiveWaits = 1, WaitingUntil = new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero) };
        return s with
        {
            Status = s.Status with { Run = run, Breaker = breaker, RateLimit = rate, EngineAlive = false, EngineOwner = null },
            Jobs = [.. s.Jobs.Take(3), s.Jobs[3] with { Status = JobStatus.Halted, Findings = 2 }],
        };
    }

    /// <summary>The running sprint as the second of a three-sprint plan.</summary>
    public static EngineSnapshot InPlan()
    {
        var s = Running();
        var plan = new SprintPlanState(
            "plan-20261122-def456",
            RunState.Running,
            [
                new PlanSprint("sprint-1", PlanSprintStatus.Completed, 2, "run-20261122-aaa111", "feature/sprint-plan-20261122-102000", 2, 5),
                new PlanSprint("sprint-2", PlanSprintStatus.InProgress, 2, "run-20261122-abc123", "feature/sprint-plan-20261122-102000", 2, 7),
                new PlanSprint("sprint-3", PlanSprintStatus.Pending),
            ],
            "sprint-2",
            new PlanOptions(1, 3, new(20, 8)),
            "feature/sprint-plan-20261122-102000",
            Now.AddMinutes(-30),
            Now);
        return s with { Status = s.Status with { Run = s.Status.Run! with { Target = "sprint-2", Branch = plan.Branch } }, Plan = plan };
    }

    /// <summary>The running sprint after it passed and was published: JACKED_OUT with no halt reason.</summary>
    public static EngineSnapshot Done() => Finished(RunState.JackedOut, null) with { Jobs = [.. Running().Jobs.SkipLast(1), Running().Jobs[^1] with { Status = JobStatus.Done, Ended = Now.AddMinutes(-1) }] };

    /// <summary>The running sprint halted from the keyboard, its breaker closed.</summary>
    public static EngineSnapshot HaltedByKey() => Finished(RunState.Halted, "halted from the dashboard");

    /// <summary>The reason a run halts with after its implementer crashed twice, as long as the engine writes it.</summary>
    public const string CrashReason = "implementer failed 2 times (last: Crash — exited 1 without a result event: Traceback (most recent call last): | File \"agent.py\", line 3, in <module> | RuntimeError: the model refused the request); see /repo/.run/jobs";

    /// <summary>The second cycle's implementer crashed twice, so the run halted: its step failed with its second attempt's folder.</summary>
    public static EngineSnapshot Crashed()
    {
        var s = Finished(RunState.Halted, CrashReason);
        s = s with { Status = s.Status with { Run = s.Status.Run! with { Phase = Phase.Implement } } };
        var failed = s.Jobs[2] with { Status = JobStatus.Failed, Attempts = 2, JobDir = CrashedDir };
        return s with { Jobs = [s.Jobs[0], s.Jobs[1], failed, new JobRow(0, 2, Phase.Implement, Role.Implementer, JobStatus.Pending, 0, Now, null, null, 0, null)] };
    }

    /// <summary>The folder of the crashed implementer's second attempt.</summary>
    public const string CrashedDir = "/repo/.run/jobs/run-20261122-abc123-p3-a2";

    /// <summary>How the crashed implementer's turn ended: exit 1 and a traceback on stderr.</summary>
    public static TurnEnd CrashedTurn { get; } = new("1",
        ["sim-agent: starting", "Traceback (most recent call last):", "  File \"agent.py\", line 3, in <module>", "RuntimeError: the model refused the request"], false);

    /// <summary>A halted run ended for good with `ias run-halt --jack-out`.</summary>
    public static EngineSnapshot Ended() => Finished(RunState.JackedOut, "halted from the dashboard");

    /// <summary>A passed run whose push failed: COMPLETE, no engine.</summary>
    public static EngineSnapshot Complete() => Finished(RunState.Complete, null);

    private static EngineSnapshot Finished(RunState state, string? reason)
    {
        var s = Running();
        var run = s.Status.Run! with { State = state, HaltReason = reason, Phase = Phase.Audit, Pushed = state == RunState.JackedOut && reason is null, PrCreated = state == RunState.JackedOut && reason is null };
        return s with { Status = s.Status with { Run = run, EngineAlive = false, EngineOwner = null } };
    }

    /// <summary>A job queue run of nine jobs: five done, one running and streaming tokens, one waiting to retry, one blocked on a person's answer, one pending.</summary>
    public static EngineSnapshot Queue()
    {
        var paths = new QueuePaths("/repo", "nightly");
        Job Make(int seq, string role, JobState state, int attempts, JobUsage usage, DateTimeOffset? notBefore = null) =>
            new("nightly", Job.IdFor(seq, role), seq, role, "prompt", seq % 3 == 0 ? "codex" : "claude", role == "implementer", state, attempts,
                notBefore ?? Now.AddMinutes(-30), Now.AddMinutes(-30), attempts > 0 ? Now.AddMinutes(-30 + (seq * 3)) : null,
                state is JobState.Done or JobState.Failed ? Now.AddMinutes(-28 + (seq * 3)) : null, attempts, null, null, null, null, null, null,
                notBefore is null ? [] : [new JobAttempt(1, Now.AddMinutes(-5), Now.AddMinutes(-4), "retry", "overloaded")])
            { Usage = usage };
        Job[] jobs =
        [
            Make(1, "implementer", JobState.Done, 1, new JobUsage(41_000, 5_200, 0.31m)),
            Make(2, "reviewer", JobState.Done, 1, new JobUsage(12_500, 900, 0.08m)),
            Make(3, "implementer", JobState.Done, 2, new JobUsage(60_100, 7_700, null)),
            Make(4, "reviewer", JobState.Done, 1, new JobUsage(9_800, 600, 0.05m)),
            Make(5, "auditor", JobState.Done, 1, new JobUsage(15_000, 1_100, 0.09m)),
            Make(6, "implementer", JobState.Running, 1, new JobUsage(8_200, 1_300, null)),
            Make(7, "reviewer", JobState.Pending, 1, new JobUsage(3_000, 100, 0.01m), Now.AddMinutes(2)),
            Make(8, "auditor", JobState.Blocked, 1, JobUsage.None),
            Make(9, "reviewer", JobState.Pending, 0, JobUsage.None),
        ];
        var run = new QueueRun("nightly", Now.AddHours(-1), Now.AddHours(-1), RunnerStatus.Running, "pid 77 on buildbox", jobs[5].Id, false, null, null, Now);
        var queue = new QueueSnapshot(run, jobs, RunnerAlive: true, "pid 77 on buildbox");
        var rows = jobs.Select(j => JobRow.Of(j, paths, queue.RunnerAlive, Now)).ToList();
        return new EngineSnapshot(new RunStatus(null, null, null, true, "pid 77 on buildbox", Now), rows, "claude") { Queue = queue };
    }

    /// <summary>The queue run after three identical failures tripped its breaker, its runner stopped and the hour's two calls used.</summary>
    public static EngineSnapshot QueueTripped()
    {
        var s = Queue();
        var trip = new BreakerTrip(Now.AddMinutes(-2), TripCause.SameIssue, "9c1e0f7a2b3d4e5f", "the same failure 3 times in a row (threshold 3): auth: invalid API key");
        var breaker = CircuitBreaker.Fresh(Now.AddHours(-1), 20, 8, 3, 5) with { State = BreakerState.Open, SameIssueCount = 3, NoProgressCount = 3, LastHash = trip.Hash, History = [trip] };
        var rate = new RateLimitSnapshot(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), 2, 2, 1, new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero));
        var queue = s.Queue! with { Run = s.Queue.Run with { RunnerStatus = RunnerStatus.Stopped, RunnerOwner = null, CurrentJob = null }, RunnerAlive = false, Runner = null };
        return s with { Status = s.Status with { Breaker = breaker, RateLimit = rate, EngineAlive = false, EngineOwner = null }, Queue = queue };
    }

    /// <summary>
    /// The running sprint with three questions waiting: its implementer's (a long one), then two from job queue runs' jobs.
    /// </summary>
    public static EngineSnapshot Inbox() => Running() with
    {
        Questions =
        [
            new Decision("D1", "Should the greeting follow the user's locale, or always be in English as the spec's examples are? The spec says both in different places.\nThe tests only check English.", Now.AddHours(-2).AddMinutes(-5), "run-20261122-abc123", "c2-implement", "IMPLEMENT", 2, "implementer", "s-1"),
            new Decision("D2", "May I drop the deprecated /v1 endpoint?", Now.AddMinutes(-14).AddSeconds(-20), "nightly", "0008-auditor", Decision.JobPhase, 1, "auditor", "s-2"),
            new Decision("Q1", "Which licence header goes on new files?", Now.AddMinutes(-6), "docs", "0002-reviewer", Decision.JobPhase, 2, "reviewer", "s-3") { Host = "build-2", Checkout = "/srv/ias/web" },
        ],
    };

    /// <summary>The published sprint picked from the runs list after another run started: shown as it was left, read-only.</summary>
    public static EngineSnapshot Past() => Done() with { Past = true };

    /// <summary>
    /// A checkout's runs, latest active first: the queue run of <see cref="Queue"/>, the sprint of <see cref="Done"/> (the
    /// current Run Mode run), a halted bug run and a plan's sprint ended after a halt.
    /// </summary>
    public static IReadOnlyList<RunSummary> Runs()
    {
        var queue = Queue().Queue!;
        var sprint = Done().Status.Run! with { LastActivity = Now.AddMinutes(-1) };
        var bug = sprint with
        {
            RunId = "run-20261121-bug777",
            Target = "sprint-bug-3",
            Branch = "bugfix/bug-3",
            State = RunState.Halted,
            Phase = Phase.Implement,
            HaltReason = "halted from the dashboard",
            CycleCurrent = 1,
            CycleLimit = 10,
            LastActivity = Now.AddHours(-20),
        };
        var plan = sprint with
        {
            RunId = "run-20261120-aaa111",
            Target = "sprint-2",
            Branch = "feature/sprint-plan-20261120-090000",
            State = RunState.JackedOut,
            HaltReason = "no file changes in 5 cycles",
            CycleCurrent = 6,
            LastActivity = Now.AddDays(-2),
        };
        var status = Tripped().Status;
        var tripped = status with { Run = status.Run! with { RunId = "run-20261119-trip42", LastActivity = Now.AddDays(-3) } };
        return
        [
            new RunSummary(RunKind.Queue, queue.Run.Name, queue.Run.Updated)
            {
                Queue = queue.Run,
                Jobs = queue.Jobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count()),
                RunnerAlive = true,
            },
            new RunSummary(RunKind.Sprint, sprint.RunId, sprint.LastActivity) { Run = sprint, Current = true },
            new RunSummary(RunKind.Bug, bug.RunId, bug.LastActivity) { Run = bug },
            new RunSummary(RunKind.Plan, plan.RunId, plan.LastActivity) { Run = plan },
            new RunSummary(RunKind.Sprint, tripped.Run!.RunId, tripped.Run.LastActivity) { Run = tripped.Run, Breaker = tripped.Breaker },
        ];
    }

    /// <summary>The runs of three checkouts, as `ias dashboard --all` lists them: this one's first, then the others by path.</summary>
    public static IReadOnlyList<RunSummary> AllRuns()
    {
        var runs = Runs();
        return
        [
            .. runs.Take(2).Select(r => r with { Checkout = "/home/me/src/api" }),
            .. runs.Skip(2).Take(2).Select(r => r with { Checkout = "/home/me/clients/northwind/projects/2026/q4/storefront-redesign/web-storefront" }),
            runs[4] with { Checkout = "/srv/ias/docs" },
        ];
    }

    /// <summary>The reviewer's log, a line every few seconds up to the fixed now.</summary>
    public static IReadOnlyCollection<LogLine> Log() =>
    [
        .. new LogLine[]
        {
            new(TurnLogKind.System, "session 7d2c0b1e · claude-sonnet"),
            new(TurnLogKind.Assistant, "Reviewing sprint-1, cycle 2 against the plan."),
            new(TurnLogKind.Tool, "→ Read src/greeting/feature.txt"),
            new(TurnLogKind.ToolResult, "  ↳ feature for sprint-1 (+3 lines)"),
            new(TurnLogKind.Retry, "retry 1: overloaded"),
            new(TurnLogKind.Tool, "→ Grep validate src/"),
            new(TurnLogKind.Error, "  ↳ no matches"),
            new(TurnLogKind.Assistant, "The input is still not validated where the greeting is built, and the new test asserts nothing about the empty name case."),
        }.Select((l, i) => l with { Time = Now.AddSeconds((i - 8) * 7) }),
    ];
}
