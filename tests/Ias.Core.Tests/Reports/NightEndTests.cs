using Ias.Core.Reports;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Reports;

/// <summary>
/// Whether a run or runner that ended was the last one at work in its checkout, which is when the `report` notification goes
/// out: with the real locks of `.run/` held and let go as engines and runners hold them.
/// </summary>
public sealed class NightEndTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Morning = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();
    private readonly RunPaths _paths;

    public NightEndTests()
    {
        _paths = new RunPaths(_dir.Path);
        _paths.EnsureCreated();
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, false)]
    [InlineData(false, "2026-11-25T21:00:00Z", true)]
    [InlineData(false, "2026-11-25T23:00:00Z", false)]
    [InlineData(true, "2026-11-25T21:00:00Z", false)]
    public void The_last_one_at_work_is_the_one_that_ends_with_none_at_work_and_the_night_untold_since_it_began(bool othersAtWork, string? lastTold, bool last)
    {
        var told = lastTold is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(lastTold, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(last, NightEnd.IsLast(othersAtWork, told, began: Evening));
    }

    [Fact]
    public void An_engine_a_writer_of_the_checkout_or_a_queue_runner_holding_its_lock_is_at_work_and_none_is_once_they_let_go()
    {
        Assert.False(NightEnd.OthersAtWork(_paths));
        foreach (var path in new[] { _paths.EngineLock, _paths.CheckoutLock, Path.Combine(_paths.RunDir, "queue", "night.lock") })
        {
            using (var held = EngineLock.TryAcquire(path, "pid 1 on box", out _))
            {
                Assert.NotNull(held);
                Assert.True(NightEnd.OthersAtWork(_paths), $"{Path.GetFileName(path)} held");
            }

            Assert.False(NightEnd.OthersAtWork(_paths), $"{Path.GetFileName(path)} let go (its file stays)");
        }
    }

    [Fact]
    public void A_run_ending_while_a_runner_works_tells_nothing_and_the_runner_ending_after_it_tells_the_night_once()
    {
        var clock = new ManualClock(Morning);
        using (EngineLock.TryAcquire(Path.Combine(_paths.RunDir, "queue", "night.lock"), "pid 2 on box", out _))
        {
            Assert.False(NightEnd.Claim(_paths, began: Evening, now: Morning, clock), "the runner still works");
            Assert.Null(NightEnd.LastTold(_paths));
        }

        Assert.True(NightEnd.Claim(_paths, began: Evening.AddHours(1), now: Morning.AddMinutes(5), clock), "the runner, ending last");
        Assert.Equal(Morning.AddMinutes(5), NightEnd.LastTold(_paths));

        // One that ended beside it asks second: the telling since it began covered it.
        Assert.False(NightEnd.Claim(_paths, began: Evening, now: Morning.AddMinutes(6), clock));
        Assert.Equal(Morning.AddMinutes(5), NightEnd.LastTold(_paths));

        // The next night's last run tells its own night.
        Assert.True(NightEnd.Claim(_paths, began: Morning.AddHours(20), now: Morning.AddHours(23), clock));
    }

    [Fact]
    public void A_worker_waits_for_another_deciding_and_leaves_the_decision_to_it_when_it_holds_the_report_lock_too_long()
    {
        using var deciding = OwnerOnly.Open(Path.Combine(_paths.RunDir, "report.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        Assert.False(NightEnd.Claim(_paths, began: Evening, now: Morning, new Ticking(Morning)));
        Assert.Null(NightEnd.LastTold(_paths));
    }

    [Fact]
    public void A_checkout_where_nothing_ran_has_no_night_to_tell()
    {
        using var bare = new TempDir();

        Assert.False(NightEnd.Claim(new RunPaths(bare.Path), Evening, Morning, new ManualClock(Morning)));
        Assert.False(Directory.Exists(Path.Combine(bare.Path, ".run")));
    }

    [Fact]
    public void The_summary_is_the_reports_counts_and_none_of_its_texts()
    {
        var report = new MorningReport("/work/repo", Evening, Morning)
        {
            Needs =
            [
                new Need(NeedKind.Question, Evening.AddHours(1), "night", "Is the token sk-live-secret in prod?", "ias answer D1 \"…\"") { Id = "D1" },
                new Need(NeedKind.Tripped, Evening.AddHours(2), "run-1", "plan: TRIPPED — same finding 3 times", "ias run-resume --reset-ice"),
                new Need(NeedKind.Halted, Evening.AddHours(3), "bug-7", "bug: HALTED — high-risk area auth", "ias run --bug 'x' --allow-high"),
            ],
            Finished = [new FinishedRun("sprint", "run-0", "DONE — passed", Evening.AddHours(1), null)],
            Jobs = [new JobTally("night", null, 2, [new FailureGroup("config_error", "Secret reason", ["0003"])], [])],
            Agents = [new AgentUse("sim", null, 6, 100, 50, 0.0125m, TimeSpan.FromMinutes(3))],
        };

        Assert.Equal(
            "the last run of the night ended: 3 need(s) you (1 question(s), 1 tripped, 1 halted), 1 run(s) finished, 2 job(s) done, 1 failed, $0.0125 spent; `ias report` has the rest",
            NightSummary.Of(report));
        Assert.Equal(
            "the last run of the night ended: nothing needs you, $0.00 spent; `ias report` has the rest",
            NightSummary.Of(new MorningReport("/work/repo", Evening, Morning)));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A clock a second later at every look, so a wait on it ends after a few looks.</summary>
    private sealed class Ticking(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now = _now.AddSeconds(1);
    }
}
