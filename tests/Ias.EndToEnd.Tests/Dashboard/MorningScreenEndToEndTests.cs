using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard's morning screen through the real ias in tmux: after a night with a failed job and a question, `ias
/// dashboard` opens on the report; closing it marks it read, so the next dashboard opens on the panes; m shows it any time.
/// </summary>
public sealed class MorningScreenEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public MorningScreenEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task A_dashboard_opens_on_the_report_of_the_night_once_and_m_shows_it_again()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.NightAsync(
            """{"fail": [{"role": "reviewer", "mode": "config_error"}], "ask": [{"role": "auditor", "question": "Which cache, Redis or memory?"}]}""",
            ("implementer", "Build the greeting."), ("reviewer", "Review it."), ("auditor", "Audit it."));
        var mark = Path.Combine(repo.Path, ".run", "report.read");

        using (var quiet = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run, "--no-report"))
        {
            Assert.DoesNotContain(" report - j/k scroll", await quiet.WaitForAsync("queue run night", Timeout));
            await QuitAsync(quiet);
        }

        Assert.False(File.Exists(mark), "a dashboard that did not show the report leaves it unread");

        using (var morning = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run))
        {
            var report = await morning.WaitForAsync("NEEDS YOU (1)", Timeout);
            Assert.Contains(" report - j/k scroll - esc closes ", report);
            Assert.Contains("question D1 of night", report);
            Assert.Contains("  queue  night: 1 job(s) done, 1 failed", report);
            Assert.Contains("1 config_error: exited 1 without a result event", report);

            morning.Keys("Escape");
            await morning.WaitForAsync(s => !s.Contains("NEEDS YOU", StringComparison.Ordinal), "the report closed", Timeout);
            await QuitAsync(morning);
        }

        Assert.True(File.Exists(mark), "closing the report marks it read");

        using (var later = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run))
        {
            Assert.DoesNotContain(" report - j/k scroll", await later.WaitForAsync("queue run night", Timeout));

            // The question still waits, so m shows it; what the night did was read, and is not there again.
            later.Keys("m");
            Assert.DoesNotContain("DONE", await later.WaitForAsync("NEEDS YOU (1)", Timeout));
        }
    }

    private static async Task QuitAsync(Tmux tmux)
    {
        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]", Timeout);
    }
}
