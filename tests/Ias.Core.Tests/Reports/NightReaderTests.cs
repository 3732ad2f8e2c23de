using System.Text.Json.Nodes;
using Ias.Core.Agents;
using Ias.Core.Bugs;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Plans;
using Ias.Core.Reports;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Reports;

/// <summary>
/// The morning report of one checkout, read from a night written through the stores themselves (a real ias.db, real bug
/// state files): what needs the person first, then what was done, then the cost; nothing outside the window.
/// </summary>
public sealed class NightReaderTests
{
    private static readonly DateTimeOffset Morning = QueueFixture.Start;
    private static readonly DateTimeOffset Evening = Morning.AddHours(-12);
    private static readonly LoaConfig Defaults = LoaConfig.Defaults("/nowhere/.loa.config.yaml");

    [Fact]
    public void A_night_reports_what_needs_the_person_most_urgent_first_each_with_its_command()
    {
        using var night = new QueueFixture();
        var records = new RunRecords(night.Store);
        var paths = new RunPaths(night.Root);
        // A bug's halt jacks its run out at once; the halted bug still waits for the person.
        records.SaveRun(Run("run-bug", "sprint-bug-7", "bugfix/bug-7", Morning.AddHours(-5)) with { State = RunState.JackedOut, HaltReason = "review found the same issue" });
        BugStateFile.Write(paths, Bug("bug-7", "Login fails", RunId: "run-bug"));
        BugStateFile.Write(paths, Bug("bug-8", "Payment rounding", RunId: null) with { HighRiskFiles = ["src/payment.ts"], HaltReason = "high-risk area: src/payment.ts" });
        records.SaveRun(Run("run-plan", "sprint-2", "feature/sprint-plan-20261121-220000", Morning.AddHours(-3)) with { State = RunState.Halted });
        new SafetyStore(night.Store).SaveBreaker("run-plan", CircuitBreaker.Fresh(Evening, 20, 8, 3, 5) with
        {
            State = BreakerState.Open,
            History = [new BreakerTrip(Morning.AddHours(-3), TripCause.SameIssue, "4f2a", "seen 3 times")],
        });
        new DecisionStore(night.Store).Ask(new Decision("", "Which cache, Redis or memory?", Morning.AddHours(-2), "night", "0001-implementer", Decision.JobPhase, 1, "implementer", "s-1"));

        var report = NightReader.Read(paths, Defaults, null, Evening, Morning);

        Assert.Equal(
            [
                (NeedKind.Question, "night", "ias answer D1 \"…\""),
                (NeedKind.Tripped, "run-plan", "ias run-resume --reset-ice"),
                (NeedKind.Halted, "run-bug", "ias run --bug 'Login fails'"),
                (NeedKind.Halted, "bug-8", "ias run --bug 'Payment rounding' --allow-high"),
            ],
            report.Needs.Select(n => (n.Kind, n.Run, n.Command)));
        Assert.Equal("Which cache, Redis or memory?", report.Needs[0].What);
        Assert.Equal("D1", report.Needs[0].Id);
        Assert.Equal(Morning.AddHours(-2), report.Needs[0].Since);
        Assert.Equal("plan: TRIPPED — same issue", report.Needs[1].What);
        Assert.Equal("bug: HALTED — review found the same issue", report.Needs[2].What);
        Assert.Equal("high-risk area: src/payment.ts", report.Needs[3].What);
        Assert.Empty(report.Finished);
    }

    [Fact]
    public void A_question_that_blocks_a_writing_job_says_which_writing_jobs_it_holds_back()
    {
        using var night = new QueueFixture();
        night.Queue.Enqueue("implementer", "first change", null, writes: true);
        night.Queue.Enqueue("reviewer", "review", null, writes: false);
        night.Queue.Enqueue("implementer", "second change", null, writes: true);
        night.Queue.Enqueue("implementer", "third change", null, writes: true);
        var first = night.Queue.Claim("runner-1")!;
        var attempt = Path.Combine(night.Queue.Paths.JobDir(first.Id), $"attempt-{first.Attempts}");
        AskFile.Append(AskFile.ForJob(attempt), "A or B?");
        new JobDecisions(night.Queue, TimeSpan.FromMinutes(30), night.Clock).Ask(first, attempt, null);

        var report = NightReader.Read(new RunPaths(night.Root), Defaults, null, Evening, Morning);

        var question = Assert.Single(report.Needs, n => n.Kind == NeedKind.Question);
        Assert.Equal("A or B? (it holds back 2 writing job(s): 0003-implementer, 0004-implementer)", question.What);
    }

    [Fact]
    public void A_run_that_passed_but_is_not_published_needs_the_person_in_the_remotes_words()
    {
        using var night = new QueueFixture();
        var records = new RunRecords(night.Store);
        const string NoGh = "gh is not installed, so no draft PR was opened: install gh, or open the draft by hand";
        const string Refused = "the push of feature/sprint-2 to origin was refused: remote: pushes are closed today";
        records.SaveRun(Run("run-nopr", "sprint-1", "feature/sprint-1", Morning.AddHours(-4)) with { State = RunState.JackedOut, Pushed = true, NotPublished = NoGh });
        records.SaveRun(Run("run-refused", "sprint-2", "feature/sprint-2", Morning.AddHours(-1)) with { State = RunState.Complete, NotPublished = Refused });

        var report = NightReader.Read(new RunPaths(night.Root), Defaults, null, Evening, Morning);

        Assert.Equal(
            [(NeedKind.Unpublished, "run-nopr", (string?)null), (NeedKind.Unpublished, "run-refused", "ias run-resume")],
            report.Needs.Select(n => (n.Kind, n.Run, n.Command)));
        Assert.Equal($"sprint: DONE, but {NoGh}; the PR's text is in .run/pr.md", report.Needs[0].What);
        Assert.Equal($"sprint: COMPLETE, passed but not published: {Refused}", report.Needs[1].What);
        // The run that is done and pushed is done as well; the one the remote refused is not.
        Assert.Equal([("run-nopr", $"DONE — passed, pushed; {NoGh}")], report.Finished.Select(f => (f.Id, f.Word)));
        Assert.True(report.HasNews);
    }

    [Fact]
    public void What_was_done_in_the_window_is_listed_and_what_ended_before_it_is_not()
    {
        using var night = new QueueFixture();
        var records = new RunRecords(night.Store);
        records.SaveRun(Run("run-old", "sprint-1", "feature/sprint-1", Evening.AddHours(-1)) with { State = RunState.JackedOut });
        records.SaveRun(Run("run-hitl", "sprint-2", "feature/sprint-2", Morning.AddHours(-4)) with { State = RunState.ReadyForHitl, PrCreated = true, PrUrl = "https://example.test/pr/2" });
        records.SaveRun(Run("run-done", "sprint-3", "feature/sprint-3", Morning.AddHours(-1)) with { State = RunState.JackedOut, Pushed = true });
        night.Clock.Set(Evening.AddHours(-2));
        Finish(night, "implementer", done: true, pr: "https://example.test/pr/old");
        night.Clock.Set(Morning.AddHours(-6));
        Finish(night, "implementer", done: true, pr: "https://example.test/pr/9");
        Finish(night, "reviewer", done: false, failure: FailureClass.ConfigError, why: "unknown option '--bogus'");
        Finish(night, "reviewer", done: false, failure: FailureClass.ConfigError, why: "unknown option '--bogus' again");
        Finish(night, "auditor", done: false, failure: FailureClass.Breach, why: "wrote outside its box");
        night.Clock.Set(Morning);

        var report = NightReader.Read(new RunPaths(night.Root), Defaults, null, Evening, Morning);

        Assert.Equal(
            [("sprint", "run-hitl", "DONE — draft PR validated, waits for review", "https://example.test/pr/2"), ("sprint", "run-done", "DONE — passed, pushed", null)],
            report.Finished.Select(f => (f.Kind, f.Id, f.Word, f.PrUrl)));
        var jobs = Assert.Single(report.Jobs);
        Assert.Equal(("night", (string?)null, 1, 3), (jobs.Run, jobs.Host, jobs.Done, jobs.FailedCount));
        Assert.Equal(["https://example.test/pr/9"], jobs.PullRequests);
        Assert.Equal(["config_error", "breach"], jobs.Failed.Select(f => f.Failure));
        Assert.Equal(["0003-reviewer", "0004-reviewer"], jobs.Failed[0].Jobs);
        Assert.Contains("unknown option '--bogus' again", jobs.Failed[0].Reason);
        Assert.Empty(report.Needs);
    }

    [Fact]
    public void The_sprints_of_a_consolidated_plan_that_finished_unpublished_read_complete_not_done()
    {
        using var night = new QueueFixture();
        var records = new RunRecords(night.Store);
        var paths = new RunPaths(night.Root);
        records.SaveRun(Run("run-1", "sprint-1", "feature/sprint-plan-20261126-220000", Morning.AddHours(-3)) with { State = RunState.JackedOut });
        records.SaveRun(Run("run-2", "sprint-2", "feature/sprint-plan-20261126-220000", Morning.AddHours(-2)) with { State = RunState.JackedOut });
        var plan = new SprintPlanState(
            "plan-20261126-220000", RunState.Complete,
            [
                new PlanSprint("sprint-1", PlanSprintStatus.Completed, 2, "run-1", "feature/sprint-plan-20261126-220000", 2, 4),
                new PlanSprint("sprint-2", PlanSprintStatus.Completed, 2, "run-2", "feature/sprint-plan-20261126-220000", 2, 4),
            ],
            null, new PlanOptions(1, 2, new(20, 8)), "feature/sprint-plan-20261126-220000", Morning.AddHours(-4), Morning.AddHours(-2));
        SprintPlanStateFile.Write(paths, plan);

        // Its push was refused: the plan stays COMPLETE, and neither sprint is DONE until `ias run-resume` publishes it.
        Assert.All(NightReader.Read(paths, Defaults, null, Evening, Morning).Finished,
            f => Assert.Equal("COMPLETE — passed; its plan's draft PR is not published yet (`ias run-resume` publishes it)", f.Word));

        SprintPlanStateFile.Write(paths, plan with { State = RunState.JackedOut, PrUrl = "https://example.test/pr/3" });
        Assert.All(NightReader.Read(paths, Defaults, null, Evening, Morning).Finished, f => Assert.StartsWith("DONE", f.Word, StringComparison.Ordinal));
    }

    [Fact]
    public void The_cost_is_per_agent_per_run_against_its_cap_and_today_against_the_daily_cap()
    {
        using var night = new QueueFixture();
        var records = new RunRecords(night.Store);
        records.SaveRun(Run("run-a", "sprint-1", "feature/sprint-1", Morning.AddHours(-1)));
        records.AddAgentCall(Call("run-a", "claude", Morning.AddHours(-3), TimeSpan.FromMinutes(30), 1.25m));
        records.AddAgentCall(Call("run-a", "claude", Morning.AddHours(-2), TimeSpan.FromMinutes(15), 0.75m));
        records.AddAgentCall(Call("run-a", "codex", Morning.AddHours(-1), TimeSpan.FromMinutes(45), 0.50m));
        records.AddAgentCall(Call("run-a", "claude", Evening.AddHours(-1), TimeSpan.FromMinutes(5), 9m));
        var config = Defaults with { Budget = new BudgetConfig(false, null, RunUsd: 20m, DailyUsd: 5m) };

        var report = NightReader.Read(new RunPaths(night.Root), config, null, Evening, Morning);

        Assert.Equal(
            [("claude", 2, 2.00m, TimeSpan.FromMinutes(45)), ("codex", 1, 0.50m, TimeSpan.FromMinutes(45))],
            report.Agents.Select(a => (a.Agent, a.Calls, a.Usd, a.Time)));
        Assert.Equal(1000 * 2, report.Agents[0].TokensIn);
        // The run's cost is all of it, the call before the window too; today is every call since 00:00 UTC.
        Assert.Equal(("run-a", 11.50m, (decimal?)20m), (report.Runs.Single().Run, report.Runs.Single().Usd, report.Runs.Single().Cap));
        Assert.Equal((2.50m, (decimal?)5m), report.Today);
    }

    [Fact]
    public void Jobs_left_with_no_runner_at_work_and_a_parked_queue_wait_for_the_person_and_a_finished_queue_does_not()
    {
        using var night = new QueueFixture();
        var paths = new RunPaths(night.Root);
        Assert.Empty(NightReader.Read(paths, Defaults, null, Evening, Morning).Needs);

        // A runner killed mid-job: its job stays running, the next one pending, and no runner holds the run.
        night.Queue.Enqueue("reviewer", "first", "sim", writes: false);
        night.Queue.Enqueue("reviewer", "second", "sim", writes: false);
        night.Queue.Claim("pid 4242 on buildbox");
        var lost = Assert.Single(NightReader.Read(paths, Defaults, null, Evening, Morning).Needs);
        Assert.Equal((NeedKind.RunnerLost, "ias run-loop --run night"), (lost.Kind, lost.Command));
        Assert.Equal("queue: no runner is at work and 2 job(s) wait, 1 of them left running by a runner that is gone", lost.What);

        // While a runner holds the run, the jobs are its to do.
        using (EngineLock.TryAcquire(night.Queue.Paths.Lock, "pid 4243 on buildbox", out _))
        {
            // The lock's holder is alive while heard from within a lease of the real clock's now.
            night.Clock.Set(DateTimeOffset.UtcNow);
            night.Queue.SetRunner(RunnerStatus.Idle, "pid 4243 on buildbox");
            Assert.Empty(NightReader.Read(paths, Defaults, null, Evening, DateTimeOffset.UtcNow).Needs);
        }

        night.Clock.Set(Morning);
        night.Queue.Recover("the test's runner is gone");
        foreach (var job in night.Queue.Jobs)
        {
            Assert.True(night.Queue.Complete(night.Queue.Claim("pid 4244 on buildbox")!, JobEvidence.None, "done"));
        }

        Assert.Empty(NightReader.Read(paths, Defaults, null, Evening, Morning).Needs);

        // A usage limit parks the queue until the account's reset: it goes on by itself, and the person is told until when.
        // Only a runner at work waits it out; without one, the job waiting is what the person hears of.
        var now = DateTimeOffset.UtcNow;
        night.Clock.Set(now.AddMinutes(-1));
        Finish(night, "reviewer", done: false, failure: FailureClass.UsageLimit, why: "usage limit reached", resetsAt: now.AddHours(2));
        Assert.Equal([NeedKind.RunnerLost], NightReader.Read(paths, Defaults, null, Evening, now).Needs.Select(n => n.Kind));
        using (EngineLock.TryAcquire(night.Queue.Paths.Lock, "pid 4245 on buildbox", out _))
        {
            night.Queue.SetRunner(RunnerStatus.Idle, "pid 4245 on buildbox");
            var park = Assert.Single(NightReader.Read(paths, Defaults, null, Evening, now).Needs);
            Assert.Equal((NeedKind.Parked, (DateTimeOffset?)now.AddHours(2), (string?)null), (park.Kind, park.Until, park.Command));
        }
    }

    [Fact]
    public void A_queue_stopped_by_its_cap_or_its_breaker_is_one_line_that_names_the_stop_never_a_lost_runner()
    {
        using var night = new QueueFixture();
        var paths = new RunPaths(night.Root);
        night.Queue.Enqueue("reviewer", "first", "sim", writes: false);
        night.Queue.Enqueue("reviewer", "second", "sim", writes: false);
        var first = night.Queue.Claim("pid 4242 on buildbox")!;
        Assert.True(night.Queue.Complete(night.Queue.Heartbeat(first, new JobUsage(1000, 100, 5.10m))!, JobEvidence.None, "done"));
        night.Queue.SetRunner(RunnerStatus.Stopped, null);

        // The runner stopped at the cap per run: the line names the cap and its key, and the command goes on once it is raised.
        var capped = Defaults with { Budget = new BudgetConfig(false, null, RunUsd: 5m, DailyUsd: null) };
        var over = Assert.Single(NightReader.Read(paths, capped, null, Evening, Morning).Needs);
        Assert.Equal((NeedKind.OverBudget, "ias run-loop --run night"), (over.Kind, over.Command));
        Assert.Equal("queue: stopped at its cap per run, $5.10 of $5.00 (ias.budget.run_usd), and 1 job(s) wait; raise ias.budget.run_usd in .loa.config.yaml first", over.What);
        Assert.Equal("over_budget", ReportJson.Wire(over.Kind));

        // Under a raised cap the same jobs wait on no runner at all.
        Assert.Equal([NeedKind.RunnerLost], NightReader.Read(paths, Defaults, null, Evening, Morning).Needs.Select(n => n.Kind));

        // A tripped breaker is the one stop: its line, never a second one for the jobs it holds.
        new SafetyStore(night.Store).SaveBreaker(QueueGate.BreakerKey("night"), CircuitBreaker.Fresh(Evening, 20, 8, 3, 5) with
        {
            State = BreakerState.Open,
            History = [new BreakerTrip(Morning.AddHours(-1), TripCause.SameIssue, "4f2a", "seen 3 times")],
        });
        var tripped = Assert.Single(NightReader.Read(paths, capped, null, Evening, Morning).Needs);
        Assert.Equal((NeedKind.Tripped, "ias run-loop --run night --reset-breaker"), (tripped.Kind, tripped.Command));
    }

    [Fact]
    public void Under_metadata_only_a_question_and_a_failure_reason_show_their_markers_never_their_text()
    {
        using var night = new QueueFixture();
        new DecisionStore(night.Store).Ask(new Decision("", "Is the key sk-live-1234 still valid?", Morning.AddHours(-2), "night", "0001-implementer", Decision.JobPhase, 1, "implementer", null));
        night.Clock.Set(Morning.AddHours(-3));
        Finish(night, "reviewer", done: false, failure: FailureClass.ConfigError, why: "customer Alice Example's order 77 failed");
        var config = Defaults with { DataPolicy = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string>()) };

        var report = NightReader.Read(new RunPaths(night.Root), config, null, Evening, Morning);

        Assert.StartsWith("[withheld: decision.question, sha256:", report.Needs.Single().What);
        Assert.StartsWith("[withheld: job.reason, sha256:", report.Jobs.Single().Failed.Single().Reason);
        var json = ReportJson.Render(report);
        Assert.DoesNotContain("sk-live", json);
        Assert.DoesNotContain("Alice", json);
    }

    [Fact]
    public void The_json_names_every_section_and_each_need_by_its_kind()
    {
        using var night = new QueueFixture();
        new DecisionStore(night.Store).Ask(new Decision("", "A or B?", Morning.AddHours(-2), "night", "0001-implementer", Decision.JobPhase, 1, "implementer", null));

        var json = JsonNode.Parse(ReportJson.Render(NightReader.Read(new RunPaths(night.Root), Defaults, null, Evening, Morning)))!.AsObject();

        Assert.Equal(["repository", "since", "until", "needs", "finished", "jobs", "agents", "runs", "today", "unread"], json.Select(p => p.Key));
        Assert.Equal("question", json["needs"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("D1", json["needs"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("2026-11-21T22:00:00Z", json["since"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("12h", "2026-11-21T22:00:00Z")]
    [InlineData("90m", "2026-11-22T08:30:00Z")]
    [InlineData("2d", "2026-11-20T10:00:00Z")]
    [InlineData("22:00", "2026-11-21T22:00:00Z")]
    [InlineData("09:15", "2026-11-22T09:15:00Z")]
    [InlineData("2026-11-21T20:00:00+01:00", "2026-11-21T19:00:00Z")]
    public void Since_takes_a_duration_a_clock_time_in_utc_or_an_iso_time(string since, string expected)
    {
        var start = ReportWindow.Parse(since, Morning, out var problem);

        Assert.Null(problem);
        Assert.Equal(expected, IsoTime.ForFile(start!.Value));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("12x")]
    [InlineData("-3h")]
    [InlineData("2027-01-01T00:00:00Z")]
    public void A_since_that_names_no_moment_before_now_is_refused_in_one_line(string since)
    {
        Assert.Null(ReportWindow.Parse(since, Morning, out var problem));
        Assert.Contains($"--since {since}", problem);
        Assert.DoesNotContain('\n', problem!);
    }

    [Fact]
    public void The_window_starts_where_the_last_report_was_read_or_a_day_back_before_the_first()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);

        Assert.Equal(Morning.AddDays(-1), ReportWindow.Default(paths, Morning));
        ReportWindow.MarkRead(paths, Morning.AddHours(-3));
        Assert.Equal(Morning.AddHours(-3), ReportWindow.Default(paths, Morning));

        // A mark that cannot be read (damaged, a link, a mark from a clock gone ahead) is no mark.
        File.WriteAllText(ReportWindow.MarkPath(paths), "not a time");
        Assert.Equal(Morning.AddDays(-1), ReportWindow.Default(paths, Morning));
        ReportWindow.MarkRead(paths, Morning.AddHours(5));
        Assert.Equal(Morning.AddDays(-1), ReportWindow.Default(paths, Morning));
    }

    [Fact]
    public void A_checkout_where_nothing_ran_reports_quietly_and_is_left_as_it_was()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);

        var report = NightReader.Read(paths, Defaults, null, Evening, Morning);
        ReportWindow.MarkRead(paths, Morning);

        Assert.True(report.Quiet);
        Assert.False(Directory.Exists(paths.RunDir));
    }

    [Fact]
    public void A_damaged_bug_state_file_is_one_unread_line_and_the_rest_of_the_report_stands()
    {
        using var night = new QueueFixture();
        var paths = new RunPaths(night.Root);
        Directory.CreateDirectory(BugStateFile.Dir(paths, "bug-9"));
        File.WriteAllText(BugStateFile.StatePath(paths, "bug-9"), "{ not json");
        new DecisionStore(night.Store).Ask(new Decision("", "A or B?", Morning.AddHours(-2), "night", "0001-implementer", Decision.JobPhase, 1, "implementer", null));

        var report = NightReader.Read(paths, Defaults, null, Evening, Morning);

        Assert.StartsWith("bug run bug-9: ", Assert.Single(report.Unread));
        Assert.Equal(NeedKind.Question, Assert.Single(report.Needs).Kind);
    }

    [Fact]
    public void A_runners_name_gives_its_machine()
    {
        Assert.Equal("box-a", NightReader.HostOf("pid 4242 on box-a in /src/shop"));
        Assert.Equal("box-b", NightReader.HostOf("pid 7 on box-b"));
        Assert.Null(NightReader.HostOf("runner a"));
        Assert.Null(NightReader.HostOf(null));
    }

    // Claims the next job and ends it as told, at the fixture's clock, as a runner that then stops.
    internal static void Finish(QueueFixture night, string role, bool done, string? pr = null, FailureClass failure = FailureClass.None, string why = "", DateTimeOffset? resetsAt = null)
    {
        night.Queue.Enqueue(role, $"{role} work", "sim", writes: role == "implementer");
        var job = night.Queue.Claim("pid 4242 on buildbox")!;
        if (done)
        {
            Assert.True(night.Queue.Complete(job, new JobEvidence([], [], pr), "did it"));
        }
        else
        {
            night.Queue.Fail(job, failure, why, resetsAt);
        }

        // The runner ends as one that stops does; one killed would have left its word (a lost runner).
        night.Queue.SetRunner(RunnerStatus.Stopped, null);
    }

    private static RunSnapshot Run(string id, string target, string branch, DateTimeOffset lastActive) =>
        Samples.Run(id) with { Target = target, Branch = branch, State = RunState.Running, Phase = Phase.Review, Started = lastActive.AddHours(-1), LastActivity = lastActive, HaltReason = null };

    private static AgentCallRecord Call(string run, string agent, DateTimeOffset started, TimeSpan took, decimal usd) =>
        new(run, 1, Phase.Implement, "implementer", agent, "s-1", started, started + took, 0, "ok", 3, 1000, 200, usd, ".run/jobs/x");

    private static BugRecord Bug(string id, string title, string? RunId) => new(
        id, title, "sprint-bug-" + id, BugState.Halted, Evening, Morning.AddHours(-4), 1, 0, 0, null,
        new BugConfidence("strong", "unit", "low", 3, 42), "bugfix/" + id, new RunOptions(10, 2, Local: true, Agent: "sim"), ["src/login.ts"], [],
        AllowHigh: false, RunId: RunId, HaltReason: "review found the same issue");
}
