using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>The dashboard on a finished run, driven in this process: what a person sees and what their keys do.</summary>
public sealed class FinishedRunTests
{
    [Fact]
    public async Task A_finished_run_reads_DONE_offers_no_halt_and_its_log_has_times_and_a_search()
    {
        using var repo = new DemoRepo();
        await repo.SprintAsync();
        await using var dashboard = repo.Dashboard(120, 40, "--no-report");

        var done = await dashboard.WaitForAsync(" DONE ");
        Assert.DoesNotContain("JACKED_OUT", done);
        var footer = done.TrimEnd('\n').Split('\n')[^1];
        Assert.DoesNotContain("h halt", footer);
        Assert.DoesNotContain("r resume", footer);
        Assert.Matches(@"│\d\d:\d\d:\d\d ", done);

        // h says why in one line instead of asking, and the line goes by itself a few seconds later.
        dashboard.Keys("h");
        await dashboard.WaitForAsync("the run is over: nothing to halt");
        Assert.DoesNotContain("Halt the run", dashboard.Text);
        await dashboard.WaitForAsync(s => !s.Contains("nothing to halt", StringComparison.Ordinal), "the message going by itself");

        dashboard.Keys("/", "r", "e", "s", "u", "l", "t", "Enter");
        var found = await dashboard.WaitForAsync("match 1/");
        Assert.Matches(@"2 Log - c2 auditor /result \d+/\d+", found);
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }

    [Fact]
    public async Task In_a_sprint_plan_the_earlier_sprints_jobs_are_listed_and_their_logs_open()
    {
        using var repo = new DemoRepo();
        await repo.PlanAsync();
        await using var dashboard = repo.Dashboard(120, 40, "--no-report");

        await dashboard.WaitForAsync("sprint-1 c1 IMPLEMENT");
        dashboard.Keys("g");
        var opened = await dashboard.WaitForAsync("2 Log - sprint-1 c1 implementer");
        Assert.Matches(@"│\d\d:\d\d:\d\d ", opened);
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }

    [Fact]
    public async Task A_resize_re_lays_out_down_to_the_too_small_notice_where_q_still_quits()
    {
        using var repo = new DemoRepo();
        await repo.SprintAsync();
        await using var dashboard = repo.Dashboard(120, 40, "--no-report");

        var wide = await dashboard.WaitForAsync("4 Rate limits");
        Assert.Contains("╮╭─ 2 Log", wide); // queue and log side by side

        dashboard.Resize(60, 20);
        var stacked = await dashboard.WaitForAsync(s => s.Split('\n')[0].Length <= 60 && s.Contains("╮╭─ 4 Rate limits"), "the stacked layout at 60×20");
        Assert.Contains("2 Log", stacked);

        dashboard.Resize(50, 15);
        await dashboard.WaitForAsync(" 1 Queue  2 Log ");

        dashboard.Resize(38, 10);
        await dashboard.WaitForAsync("terminal too small");
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }

    [Fact]
    public async Task A_long_log_opens_on_its_tail_and_scrolling_up_past_the_top_reads_its_earlier_lines()
    {
        using var repo = new DemoRepo();
        await repo.SprintAsync();
        // Every job gets the same long log, so whichever job the dashboard selects shows it.
        var log = string.Concat(Enumerable.Range(1, 12_000).Select(i => $"2026-11-23T01:02:03.456Z\tassistant\tentry {i:00000}.\n"));
        foreach (var job in Directory.GetDirectories(Path.Combine(repo.Path, ".run", "jobs")))
        {
            await File.WriteAllTextAsync(Path.Combine(job, "log.tsv"), log);
        }

        await using var dashboard = repo.Dashboard(120, 40, "--no-report");
        await dashboard.WaitForAsync("entry 12000.");

        // Opened at the top of the lines read (the window's last 5,000 or so); one step up shows the line before them,
        // which only the file holds.
        dashboard.Keys("enter");
        var opened = await dashboard.WaitForAsync(s => !s.Contains("entry 12000.", StringComparison.Ordinal), "the log opened at its top");
        var top = Regex.Matches(opened, @"entry (\d{5})\.").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Min();
        Assert.InRange(top, 6_900, 7_100);
        dashboard.Keys("k");
        var earlier = await dashboard.WaitForAsync($"entry {top - 1:00000}.");
        Assert.Contains($"entry {top:00000}.", earlier);
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }
}
