using Ias.Core.Reports;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Reports;

/// <summary>
/// Whether a run or runner that ended tells the box's night, which is when the `report` notification goes out: with the
/// real locks of `.run/` held and let go as engines and runners hold them, and the night's marks in a state folder.
/// </summary>
public sealed class NightEndTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Morning = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();
    private readonly RunPaths _paths;
    private readonly RunPaths _other;
    private readonly NightEnd _night;

    public NightEndTests()
    {
        _paths = new RunPaths(_dir.Combine("repo"));
        _paths.EnsureCreated();
        _other = new RunPaths(_dir.Combine("other"));
        _other.EnsureCreated();
        _night = new NightEnd(_dir.Combine("state"), new ManualClock(Morning));
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("2026-11-26T03:00:00Z", null, null, null)]
    [InlineData("2026-11-26T03:00:01Z", null, null, "a run that ended later (2026-11-26T03:00:01Z) tells it")]
    [InlineData("2026-11-26T03:00:00Z", null, "/work/other", "/work/other is at work and tells it when it ends")]
    [InlineData("2026-11-26T03:00:00Z", "2026-11-26T03:00:00Z", null, "it was told already")]
    [InlineData("2026-11-26T03:00:00Z", "2026-11-25T23:00:00Z", null, null)]
    public void The_end_that_tells_is_the_latest_with_none_at_work_and_the_night_untold(string? lastEnded, string? lastTold, string? atWork, string? why) =>
        Assert.Equal(why, NightEnd.WhyNot(Morning, At(lastEnded), At(lastTold), atWork));

    [Fact]
    public void An_engine_a_writer_of_the_checkout_or_a_queue_runner_holding_its_lock_is_at_work_and_none_is_once_they_let_go()
    {
        Assert.False(NightEnd.AtWork(_paths));
        foreach (var path in new[] { _paths.EngineLock, _paths.CheckoutLock, Path.Combine(_paths.RunDir, "queue", "night.lock") })
        {
            using (var held = EngineLock.TryAcquire(path, "pid 1 on box", out _))
            {
                Assert.NotNull(held);
                Assert.True(NightEnd.AtWork(_paths), $"{Path.GetFileName(path)} held");
            }

            Assert.False(NightEnd.AtWork(_paths), $"{Path.GetFileName(path)} let go (its file stays)");
        }
    }

    [Fact]
    public void Of_three_runs_chained_only_the_last_tells_and_only_once()
    {
        var ends = new[] { Morning, Morning.AddSeconds(20), Morning.AddSeconds(40) };
        foreach (var end in ends)
        {
            _night.Ended(end);
        }

        // The tellers wake in turn after the box was quiet; a late teller of an earlier end changes nothing.
        Assert.False(_night.Claim("sprint-1 of repo", ends[0], [_paths, _other]));
        Assert.False(_night.Claim("sprint-2 of repo", ends[1], [_paths, _other]));
        Assert.True(_night.Claim("sprint-3 of repo", ends[2], [_paths, _other]));
        Assert.False(_night.Claim("sprint-3 of repo", ends[2], [_paths, _other]));

        Assert.Equal((ends[2], ends[2]), (_night.LastEnded, _night.LastTold));
        Assert.Equal(
            [
                "2026-11-26T03:00:00Z sprint-1 of repo, ended 2026-11-26T03:00:00Z: not told: a run that ended later (2026-11-26T03:00:40Z) tells it",
                "2026-11-26T03:00:00Z sprint-2 of repo, ended 2026-11-26T03:00:20Z: not told: a run that ended later (2026-11-26T03:00:40Z) tells it",
                "2026-11-26T03:00:00Z sprint-3 of repo, ended 2026-11-26T03:00:40Z: told the night",
                "2026-11-26T03:00:00Z sprint-3 of repo, ended 2026-11-26T03:00:40Z: not told: it was told already",
            ],
            File.ReadAllLines(_night.LogPath));
    }

    [Fact]
    public void An_end_recorded_late_never_moves_the_latest_back()
    {
        _night.Ended(Morning.AddMinutes(1));
        _night.Ended(Morning);

        Assert.Equal(Morning.AddMinutes(1), _night.LastEnded);
    }

    [Fact]
    public void A_run_of_another_checkout_at_work_tells_instead_when_it_ends()
    {
        _night.Ended(Morning);
        using (EngineLock.TryAcquire(_other.EngineLock, "pid 2 on box", out _))
        {
            Assert.False(_night.Claim("night of repo", Morning, [_paths, _other]));
        }

        _night.Ended(Morning.AddHours(1));
        Assert.True(_night.Claim("sprint-9 of other", Morning.AddHours(1), [_other, _paths]));
        Assert.EndsWith($"not told: {_other.RepoRoot} is at work and tells it when it ends", File.ReadAllLines(_night.LogPath)[0]);
    }

    [Fact]
    public void A_worker_waits_for_another_deciding_and_leaves_the_decision_to_it_when_it_holds_the_lock_too_long()
    {
        var night = new NightEnd(_dir.Combine("state"), new Ticking(Morning));
        night.Ended(Morning);
        using var deciding = OwnerOnly.Open(_dir.Combine("state", "night.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        Assert.False(night.Claim("night of repo", Morning, [_paths]));
        Assert.Null(night.LastTold);
        Assert.EndsWith("not told: another was deciding", Assert.Single(File.ReadAllLines(night.LogPath)));
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
        Assert.Equal(
            "the last run of the night ended: 4 need(s) you (1 question(s), 2 tripped, 1 halted), 1 run(s) finished, 2 job(s) done, 1 failed, $0.025 spent; `ias report` has the rest",
            NightSummary.Of(report, new MorningReport("/work/other", Evening, Morning) { Needs = [report.Needs[1]], Agents = report.Agents }));
    }

    private static DateTimeOffset? At(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _dir.Dispose();

    /// <summary>A clock a second later at every look, so a wait on it ends after a few looks.</summary>
    private sealed class Ticking(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now = _now.AddSeconds(1);
    }
}
