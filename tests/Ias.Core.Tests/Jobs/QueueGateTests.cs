using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// The gate before a queue job's agent, on a real SQLite queue and a manual clock: Run Mode's hourly limit, its spend caps
/// counting what the queue's jobs cost, and a breaker of the queue run's own with Run Mode's thresholds.
/// </summary>
public sealed class QueueGateTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    private readonly QueueFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public void A_queue_job_passes_while_the_hour_has_calls_then_waits_for_the_next_hour_and_passes_again()
    {
        var gate = Gate(Config(callsPerHour: 2));

        Assert.Null(gate.Check(reserve: true));
        gate.Started();
        Assert.Null(gate.Check(reserve: true));
        gate.Started();
        var refused = gate.Check(reserve: true);

        Assert.Equal(CallRefusalKind.Wait, refused!.Kind);
        Assert.Equal(QueueFixture.Start.AddHours(1), refused.WaitUntil);
        Assert.Contains("hourly limit of 2 calls reached", refused.Line, StringComparison.Ordinal);

        _fx.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(gate.Check(reserve: false));
    }

    [Fact]
    public void A_look_counts_nothing_and_a_call_reserved_for_a_claim_that_took_no_job_is_given_back()
    {
        var gate = Gate(Config(callsPerHour: 1));

        Assert.Null(gate.Check(reserve: false));
        Assert.Null(gate.Check(reserve: true));
        gate.NotStarted();
        Assert.Null(gate.Check(reserve: true));
        gate.Started();

        Assert.Equal(CallRefusalKind.Wait, gate.Check(reserve: false)!.Kind);
    }

    [Fact]
    public void Runners_that_look_in_turn_share_the_hour_through_ias_db_and_never_pass_its_limit_together()
    {
        // Each gate keeps no count of its own: a call one reserves is the other's to see at its next look.
        var (one, two) = (Gate(Config(callsPerHour: 2)), Gate(Config(callsPerHour: 2)));

        Assert.Null(one.Check(reserve: true));
        Assert.Null(two.Check(reserve: true));
        one.Started();
        two.Started();

        Assert.Equal(CallRefusalKind.Wait, one.Check(reserve: true)!.Kind);
        Assert.Equal(CallRefusalKind.Wait, two.Check(reserve: true)!.Kind);
        Assert.Equal(2, new SafetyStore(_fx.Store).LoadRateLimit()!.CallsThisHour);
    }

    [Fact]
    public void A_save_of_an_older_view_of_the_hour_never_takes_back_a_call_another_engine_counted()
    {
        var safety = new SafetyStore(_fx.Store);
        var hour = RateLimiter.Fresh(_fx.Clock.GetUtcNow(), 5);
        safety.SaveRateLimit(hour with { CallsThisHour = 3 });

        // A Run Mode engine that read the hour at 1 call saves its view with a wait of its own: the count stays 3.
        var merged = safety.SaveRateLimit(hour with { CallsThisHour = 1, ConsecutiveWaits = 2 });

        Assert.Equal((3, 2), (merged.CallsThisHour, merged.ConsecutiveWaits));
        Assert.Equal(merged, safety.LoadRateLimit());
        // A newer hour is a new window.
        Assert.Equal(0, safety.SaveRateLimit(hour with { CurrentHour = hour.CurrentHour.AddHours(1), CallsThisHour = 0 }).CallsThisHour);
    }

    [Fact]
    public void A_look_that_changes_nothing_writes_nothing_so_it_does_not_wait_on_another_writer_of_ias_db()
    {
        var gate = Gate(Config(callsPerHour: 5));
        Assert.Null(gate.Check(reserve: false));

        // A Run Mode engine (here another connection) holds ias.db's write lock: a look that only reads goes on at once.
        using (var writer = new SqliteConnection($"Data Source={Path.Combine(_fx.Root, ".run", "ias.db")};Pooling=False"))
        {
            writer.Open();
            using var begin = writer.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
            Assert.Null(gate.Check(reserve: false));
        }

        // A new hour is a new window, and that is written.
        _fx.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(gate.Check(reserve: false));
        Assert.Equal(QueueFixture.Start.AddHours(1), new SafetyStore(_fx.Store).LoadRateLimit()!.CurrentHour);
    }

    [Fact]
    public void The_hourly_window_is_the_repositorys_so_run_mode_calls_of_this_hour_count_against_queue_jobs()
    {
        var limit = Config(callsPerHour: 3);
        var safety = new SafetyStore(_fx.Store);
        safety.SaveRateLimit(RateLimiter.Fresh(_fx.Clock.GetUtcNow(), 3) with { CallsThisHour = 3 });

        Assert.Equal(CallRefusalKind.Wait, Gate(limit).Check(reserve: false)!.Kind);
    }

    [Fact]
    public void The_run_cap_counts_what_the_queue_holds_for_the_runs_jobs_and_refuses_the_job_that_could_pass_it()
    {
        var gate = Gate(Config(budget: new BudgetConfig(false, null, RunUsd: 0.01m, null)));
        Spend(gate, 0.004m);
        Assert.Null(gate.Check(reserve: false));

        Spend(gate, 0.004m);
        var refused = gate.Check(reserve: false);

        // $0.008 spent, and the next job may cost as much as the dearest so far: $0.012 would pass the cap.
        Assert.Equal(CallRefusalKind.OverBudget, refused!.Kind);
        Assert.Contains("this run spent $0.008 and the next call may cost up to $0.004, against its cap per run of $0.01 (ias.budget.run_usd)", refused.Line, StringComparison.Ordinal);
        Assert.EndsWith("then `ias run-loop --run night`", refused.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_two_runners_that_both_passed_the_gate_near_the_run_cap_the_first_claim_starts_and_the_second_counts_its_call_and_takes_nothing()
    {
        var gate = Gate(Config(budget: new BudgetConfig(false, null, RunUsd: 0.012m, null)));
        Spend(gate, 0.004m);
        Spend(gate, 0.004m);
        var first = _fx.Queue.Enqueue("reviewer", "Review the logging.", null, writes: false);
        var second = _fx.Queue.Enqueue("auditor", "Audit the logging.", null, writes: false);
        _fx.Queue.Admission = gate.Admission;

        // Each runner looks before its claim: $0.008 spent, and one more call of $0.004 fits the cap of $0.012.
        Assert.Null(gate.Check(reserve: false));
        Assert.Null(gate.Check(reserve: false));

        Assert.Equal(first.Id, _fx.Queue.Claim("pid 1 on one-machine")!.Id);
        Assert.Null(_fx.Queue.Refused);
        Assert.Null(_fx.Queue.Claim("pid 2 on another-machine"));

        // The first call is under way, its cost unknown: with it the second could pass the cap.
        Assert.StartsWith("budget: this run spent $0.008, 1 call(s) running may cost up to $0.004 more, and the next call may cost up to $0.004, against its cap per run of $0.012 (ias.budget.run_usd)", _fx.Queue.Refused, StringComparison.Ordinal);
        Assert.Equal((JobState.Pending, 0), (_fx.Queue.Find(second.Id)!.State, _fx.Queue.Find(second.Id)!.Attempts));
    }

    [Fact]
    public async Task A_runner_whose_job_could_pass_the_run_cap_with_another_runners_call_under_way_stops_before_it_and_claims_nothing()
    {
        var config = Config(budget: new BudgetConfig(false, null, RunUsd: 0.012m, null));
        Spend(Gate(config), 0.004m);
        Spend(Gate(config), 0.004m);
        _fx.Queue.Enqueue("reviewer", "Review the logging.", null, writes: false);
        Assert.NotNull(_fx.Queue.Claim("pid 1 on another-machine"));
        var job = _fx.Queue.Enqueue("auditor", "Audit the logging.", null, writes: false);
        var agent = new CountingAgent();
        var lines = new List<string>();
        await using var runner = new JobRunner(_fx.Queue, agent, config, new Ias.Core.Git.GitCli(_fx.Root), _fx.Clock, "test-runner", _fx.Store, lines.Add);

        Assert.Null(await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit));

        Assert.Equal(0, agent.Turns);
        Assert.Equal((JobState.Pending, 0), (_fx.Queue.Find(job.Id)!.State, _fx.Queue.Find(job.Id)!.Attempts));
        Assert.StartsWith("runner of night stopped before its next job: budget: this run spent $0.008, 1 call(s) running may cost up to $0.004 more", runner.StoppedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void The_daily_cap_counts_run_mode_calls_of_the_day_and_run_modes_gate_counts_the_queues()
    {
        var caps = new BudgetConfig(false, null, null, DailyUsd: 0.01m);
        var runs = new RunRecords(_fx.Store);
        runs.AddAgentCall(Call("run-20261122-aaaaaa", 0.008m, _fx.Clock.GetUtcNow()));
        var gate = Gate(Config(budget: caps));
        Assert.Null(gate.Check(reserve: false));

        Spend(gate, 0.003m);

        Assert.Equal(CallRefusalKind.OverBudget, gate.Check(reserve: false)!.Kind);
        Assert.Contains("this repository's agents spent $0.011", gate.Check(reserve: false)!.Line, StringComparison.Ordinal);
        var runMode = Ias.Core.Cycles.Records.Spend.Read(runs, "run-20261122-bbbbbb", SpendCaps.From(caps), _fx.Clock.GetUtcNow());
        Assert.Equal(0.011m, runMode.Today);
        Assert.NotNull(runMode.Refusal);

        // A new UTC day starts the daily count again.
        _fx.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(gate.Check(reserve: false));
    }

    [Fact]
    public void The_same_failure_in_a_row_trips_same_issue_at_the_runs_threshold()
    {
        var gate = Gate(Config(sameIssue: 2));

        Assert.Null(gate.Failed(FailureClass.Auth, "invalid API key"));
        var trip = gate.Failed(FailureClass.Auth, "invalid API key");

        Assert.Equal(TripCause.SameIssue, trip!.Trigger);
        Assert.Contains("the same failure 2 times in a row (threshold 2): auth: invalid API key", trip.Reason, StringComparison.Ordinal);
        Assert.Equal(trip, gate.Tripped);
    }

    [Fact]
    public void Failures_in_a_row_and_writing_jobs_that_changed_nothing_trip_no_progress_at_the_runs_threshold()
    {
        var gate = Gate(Config(noProgress: 3));

        Assert.Null(gate.Failed(FailureClass.Crash, "exit 3"));
        Assert.Null(gate.Done(progressed: false));
        var trip = gate.Failed(FailureClass.Timeout, "no output for 600 s");

        Assert.Equal(TripCause.NoProgress, trip!.Trigger);
        Assert.Contains("3 job attempts in a row failed or changed nothing (threshold 3)", trip.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_done_with_progress_ends_both_streaks()
    {
        var gate = Gate(Config(sameIssue: 2, noProgress: 2));

        Assert.Null(gate.Failed(FailureClass.Auth, "invalid API key"));
        Assert.Null(gate.Done(progressed: true));
        Assert.Null(gate.Failed(FailureClass.Auth, "invalid API key"));

        Assert.Equal(BreakerState.Closed, gate.Breaker.State);
        Assert.Equal((1, 1), (gate.Breaker.Snapshot.SameIssueCount, gate.Breaker.Snapshot.NoProgressCount));
    }

    [Fact]
    public void A_tripped_breaker_is_kept_in_ias_db_until_reset_and_one_job_done_closes_it()
    {
        var config = Config(sameIssue: 1);
        Assert.NotNull(Gate(config).Failed(FailureClass.Auth, "invalid API key"));

        var again = Gate(config);
        Assert.Equal(TripCause.SameIssue, again.Tripped!.Trigger);
        Assert.Equal(BreakerState.Open, new SafetyStore(_fx.Store).LoadBreaker(QueueGate.BreakerKey("night"))!.State);

        Assert.True(again.Reset());
        Assert.Null(again.Tripped);
        Assert.Equal(BreakerState.HalfOpen, Gate(config).Breaker.State);
        again.Done(progressed: true);

        Assert.Equal(BreakerState.Closed, Gate(config).Breaker.State);
        Assert.False(again.Reset());
    }

    [Fact]
    public void A_usage_limit_one_call_meets_parks_every_call_of_that_cli_in_the_repository_until_its_reset_and_no_other()
    {
        var config = Config(); // claude for every role, as agents.default starts
        var claudeJob = _fx.Queue.Enqueue("reviewer", "Review the greeting.", null, writes: false);
        var simJob = _fx.Queue.Enqueue("reviewer", "Review the log.", "sim", writes: false);
        var reset = _fx.Clock.GetUtcNow().AddMinutes(20);

        // Another runner (or a run's engine) of this repository met claude's usage limit.
        Assert.Null(Gate(config).UsageLimited("claude", reset));

        var parked = Gate(config).Check(reserve: true, claudeJob);
        Assert.Equal((CallRefusalKind.Wait, reset), (parked!.Kind, parked.WaitUntil));
        Assert.Equal($"claude's usage limit, met by another call of this repository, lasts until {reset:HH:mm} UTC; waiting", parked.Line);
        Assert.Null(Gate(config).Check(reserve: false, simJob));

        _fx.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Null(Gate(config).Check(reserve: false, claudeJob));
    }

    [Fact]
    public void The_fifth_usage_limit_in_a_row_trips_rate_limit_as_in_run_mode()
    {
        var gate = Gate(Config());
        for (var i = 1; i < RateLimiter.MaxConsecutiveWaits; i++)
        {
            Assert.Null(gate.UsageLimited("claude", _fx.Clock.GetUtcNow().AddMinutes(5)));
        }

        var trip = gate.UsageLimited("claude", _fx.Clock.GetUtcNow().AddMinutes(5));

        Assert.Equal(TripCause.RateLimit, trip!.Trigger);
    }

    [Fact]
    public async Task A_job_the_gate_refuses_is_neither_claimed_nor_failed_and_the_runner_stops_with_the_line()
    {
        var job = _fx.Queue.Enqueue("reviewer", "Review the greeting.", null, writes: false);
        var agent = new CountingAgent();
        var lines = new List<string>();
        var config = Config(budget: new BudgetConfig(false, null, RunUsd: 0m, null));
        await using var runner = new JobRunner(_fx.Queue, agent, config, new Ias.Core.Git.GitCli(_fx.Root), _fx.Clock, "test-runner", _fx.Store, lines.Add);

        Assert.Null(await runner.RunOnceAsync(CancellationToken.None).WaitAsync(TestLimit));

        Assert.Equal(0, agent.Turns);
        Assert.Equal((JobState.Pending, 0), (_fx.Queue.Find(job.Id)!.State, _fx.Queue.Find(job.Id)!.Attempts));
        Assert.Equal(RunnerStatus.Stopped, _fx.Queue.State.RunnerStatus);
        Assert.StartsWith("runner of night stopped before its next job: budget: this run spent $0.00", runner.StoppedBy, StringComparison.Ordinal);
        Assert.Contains(runner.StoppedBy, lines);
    }

    private QueueGate Gate(LoaConfig config) => new(_fx.Queue, config, _fx.Store, _fx.Clock);

    private LoaConfig Config(int callsPerHour = 100, int sameIssue = 3, int noProgress = 5, BudgetConfig? budget = null) =>
        LoaConfig.Defaults(Path.Combine(_fx.Root, ConfigLoader.FileName)) with
        {
            RunMode = RunModeConfig.Defaults with { CallsPerHour = callsPerHour, SameIssueThreshold = sameIssue, NoProgressThreshold = noProgress },
            Budget = budget ?? BudgetConfig.Defaults,
        };

    /// <summary>One job of the queue claimed and run at <paramref name="cost"/>: its usage in the queue, its call in ias.db.</summary>
    private void Spend(QueueGate gate, decimal cost)
    {
        var job = _fx.Queue.Enqueue("reviewer", "Review.", null, writes: false);
        var claimed = _fx.Queue.Claim("test-runner")!;
        Assert.Equal(job.Id, claimed.Id);
        var usage = new JobUsage(100, 10, cost);
        var held = _fx.Queue.Heartbeat(claimed, usage)!;
        var request = new AgentRequest(Role.Reviewer, "REVIEW", claimed.Seq, "night", "Review.", AgentSettings.Defaults, _fx.Root);
        gate.Recorded(held, request, new AgentResponse(true, FailureClass.None, "ok", 0, 1, 100, 10, cost, null, false, null, ""), _fx.Clock.GetUtcNow());
        Assert.True(_fx.Queue.Complete(held, JobEvidence.None, "ok"));
    }

    private static AgentCallRecord Call(string runId, decimal cost, DateTimeOffset at) =>
        new(runId, 1, Phase.Implement, "implementer", "sim", null, at, at, 0, "success", 1, 100, 10, cost, "/tmp");
}
