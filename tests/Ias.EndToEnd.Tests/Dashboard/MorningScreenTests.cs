using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Tests.Dashboard;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard's morning screen after a night the real ias worked: with a failed job and a question, `ias dashboard`
/// opens on the report; closing it marks it read, so the next dashboard opens on the panes; m shows it any time.
/// </summary>
public sealed class MorningScreenTests
{
    [Fact]
    public async Task A_dashboard_opens_on_the_report_of_the_night_once_and_m_shows_it_again()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.NightAsync(
            """{"fail": [{"role": "reviewer", "mode": "config_error"}], "ask": [{"role": "auditor", "question": "Which cache, Redis or memory?"}]}""",
            ("implementer", "Build the greeting."), ("reviewer", "Review it."), ("auditor", "Audit it."));
        var mark = Path.Combine(repo.Path, ".run", "report.read");

        await using (var quiet = DashboardDriver.Open(repo.Path, 120, 40, "--run", repo.Run, "--no-report"))
        {
            Assert.DoesNotContain(" report - j/k scroll", await quiet.WaitForAsync("queue run night"));
            await QuitAsync(quiet);
        }

        Assert.False(File.Exists(mark), "a dashboard that did not show the report leaves it unread");

        await using (var morning = DashboardDriver.Open(repo.Path, 120, 40, "--run", repo.Run))
        {
            var report = await morning.WaitForAsync("NEEDS YOU (1)");
            Assert.Contains(" report - j/k scroll - esc closes ", report);
            Assert.Contains("question D1 of night", report);
            Assert.Contains("  queue  night: 1 job(s) done, 1 failed", report);
            Assert.Contains("1 config_error: exited 1 without a result event", report);

            morning.Keys("Escape");
            await morning.WaitForAsync(s => !s.Contains("NEEDS YOU", StringComparison.Ordinal), "the report closed");
            await QuitAsync(morning);
        }

        Assert.True(File.Exists(mark), "closing the report marks it read");

        await using (var later = DashboardDriver.Open(repo.Path, 120, 40, "--run", repo.Run))
        {
            Assert.DoesNotContain(" report - j/k scroll", await later.WaitForAsync("queue run night"));

            // The question still waits, so m shows it; what the night did was read, and is not there again.
            later.Keys("m");
            Assert.DoesNotContain("DONE", await later.WaitForAsync("NEEDS YOU (1)"));
        }
    }

    private static async Task QuitAsync(DashboardDriver dashboard)
    {
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }
}
