using Ias.Core.Snapshots;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>A queue run's breaker and rate window in the dashboard's panes: its own breaker judges jobs, and no cycles or runtime show.</summary>
public sealed class QueueSafetyPaneTests
{
    public static TheoryData<int, int> Sizes => new() { { 120, 40 }, { 80, 24 }, { 60, 20 }, { 40, 12 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_tripped_queue_run_shows_its_open_breaker_with_the_trip_and_the_hours_calls_with_the_wait(int width, int height)
    {
        var text = Render(Fixtures.QueueTripped(), width, height);

        GoldenScreen.Assert($"queue-tripped-{width}x{height}", text);
    }

    [Fact]
    public void The_breaker_pane_of_a_queue_run_counts_its_streaks_and_shows_no_cycles_nor_runtime()
    {
        var text = Render(Fixtures.QueueTripped(), 120, 40);

        Assert.Contains(" OPEN ", text, StringComparison.Ordinal);
        Assert.Contains("3/3", text, StringComparison.Ordinal);
        Assert.Contains("same_issue: the same failure", text, StringComparison.Ordinal);
        Assert.Contains("2/2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cycles", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no run", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wait_counts_down_only_while_a_runner_waits_it_out_else_it_is_the_time_it_ends()
    {
        var stopped = Fixtures.QueueTripped();
        var waiting = stopped with { Queue = stopped.Queue! with { RunnerAlive = true } };

        Assert.Contains("its wait ends at 11:00 UTC", Render(stopped, 120, 40), StringComparison.Ordinal);
        Assert.DoesNotContain("waiting 0:", Render(stopped, 120, 40), StringComparison.Ordinal);
        Assert.Contains("waiting 0:17:47 until 11:00 UTC", Render(waiting, 120, 40), StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_run_no_job_of_which_was_judged_yet_says_so_in_the_breaker_pane()
    {
        Assert.Contains("no job judged yet", Render(Fixtures.Queue() with { Status = Fixtures.Queue().Status with { Breaker = null } }, 120, 40), StringComparison.Ordinal);
    }

    private static string Render(EngineSnapshot snap, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, snap, new DashboardState(), Fixtures.Log());
        return buffer.ToText();
    }
}
