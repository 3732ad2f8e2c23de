using Ias.Core.Reports;

namespace Ias.Core.Tests.Reports;

/// <summary>Whether a report has news for the person, which is what opens the dashboard's morning screen.</summary>
public sealed class MorningReportTests
{
    private static readonly DateTimeOffset Until = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Since = Until.AddHours(-9);
    private static readonly MorningReport Empty = new("/work/repo", Since, Until);

    [Fact]
    public void A_run_that_ended_a_job_that_failed_or_something_new_that_waits_is_news()
    {
        Assert.True((Empty with { Finished = [new FinishedRun("sprint", "run-1", "DONE — passed", Since.AddHours(1), null)] }).HasNews);
        Assert.True((Empty with { Jobs = [new JobTally("night", null, 3, [new FailureGroup("network", "timed out", ["0002"])], [])] }).HasNews);
        foreach (var kind in new[] { NeedKind.Question, NeedKind.Tripped, NeedKind.Halted })
        {
            Assert.True((Empty with { Needs = [new Need(kind, Since.AddMinutes(1), "night", "…", null)] }).HasNews, $"a new {kind}");
        }
    }

    [Fact]
    public void What_waited_before_the_window_jobs_with_no_runner_a_park_jobs_done_and_costs_alone_are_not_news()
    {
        Assert.False(Empty.HasNews);
        Assert.False((Empty with { Needs = [new Need(NeedKind.RunnerLost, Since.AddMinutes(1), "night", "queue: no runner is at work and 1 job(s) wait", "ias run-loop --run night")] }).HasNews);
        Assert.False((Empty with { Needs = [new Need(NeedKind.Question, Since.AddMinutes(-1), "night", "Redis or memory?", null)] }).HasNews);
        Assert.False((Empty with { Needs = [new Need(NeedKind.Parked, Since.AddMinutes(1), "night", "usage limit", null) { Until = Until.AddHours(1) }] }).HasNews);
        Assert.False((Empty with { Jobs = [new JobTally("night", null, 12, [], [])] }).HasNews);
        Assert.False((Empty with { Agents = [new AgentUse("sim", null, 4, 100, 50, 0.42m, TimeSpan.FromMinutes(3))], Runs = [new RunCost("night", 0.42m, null)] }).HasNews);
    }
}
