using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>A replay on screen: the run as it stood at a moment, in the same panes, with the time cursor in the footer.</summary>
public sealed class ReplayScreenTests : IDisposable
{
    private readonly RecordedRun _run = new();
    private readonly RecordedQueue _queue = new();

    public void Dispose()
    {
        _run.Dispose();
        _queue.Dispose();
    }

    public static TheoryData<int, int> Sizes => DashboardScreenTests.Sizes;

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_replay_shows_the_run_as_it_stood_at_its_moment_and_the_time_cursor_in_the_footer(int width, int height)
    {
        var text = Render(new ReplayCursor(_run.Timeline, Index: 5), width, height);

        GoldenScreen.Assert($"replay-{width}x{height}", text);
        var footer = text.Split('\n')[^1];
        Assert.StartsWith("▶ 1x 10:12:34 ", footer);
        Assert.Contains(" 6/11 ", footer);
        Assert.EndsWith("q quit", footer.TrimEnd());
        Assert.StartsWith("ias  RUNNING ", text);
    }

    [Fact]
    public void A_paused_replay_at_its_end_shows_the_run_as_it_was_left_and_the_cursor_at_the_bars_end()
    {
        var text = Render(new ReplayCursor(_run.Timeline, Index: 10, Paused: true, Speed: 0.25), 80, 24);

        GoldenScreen.Assert("replay-end-80x24", text);
        Assert.StartsWith("|| 0.25x 10:13:55 ", text.Split('\n')[^1]);
        Assert.Contains("─● 11/11 ", text.Split('\n')[^1]);
        Assert.StartsWith("ias  DONE ", text);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(40, 12)]
    public void A_queue_replay_shows_the_queue_as_it_stood_its_jobs_states_counts_and_runner_and_the_time_cursor(int width, int height)
    {
        var text = Render(new ReplayCursor(_queue.Timeline, Index: 8), width, height);

        GoldenScreen.Assert($"replay-queue-{width}x{height}", text);
        var lines = text.Split('\n');
        Assert.StartsWith("ias  RUNNING ", text);
        Assert.Contains(" 9/10 ", lines[^1]);
        Assert.StartsWith("▶ 1x ", lines[^1]);
        // The first job done, the second waiting for its retry, the third running: each job's row as it stood.
        Assert.Contains(lines, l => l.StartsWith("│✓ 0001-implem", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("│○ 0002-review", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("│● 0003-implem", StringComparison.Ordinal));
        Assert.True(width < 80 || lines[0].Contains("1 pending · 1 running · 1 done", StringComparison.Ordinal), lines[0]);
    }

    private string Render(ReplayCursor cursor, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, cursor.Timeline.At(cursor.Index), new DashboardState { Replay = cursor }, []);
        return buffer.ToText();
    }
}
