using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// The `?` help: the focused pane's keys first under its title, then the rest under theirs, every description whole
/// in one column, and all of it reached by scrolling on the smallest terminal. Goldens in Golden/help-*.txt.
/// </summary>
public sealed class HelpOverlayTests
{
    private static readonly DashboardState Help = new() { Mode = new Mode.Overlay("help") };

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void It_opens_on_the_focused_panes_keys_at_every_size(int width, int height) =>
        GoldenScreen.Assert($"help-{width}x{height}", Draw(Help, width, height).Text);

    [Fact]
    public void On_the_smallest_terminal_j_scrolls_it_to_the_marks_at_its_end()
    {
        var (_, facts) = Draw(Help, 40, 12);
        Assert.True(facts.Overlay.LastTop > 0);
        var state = Help;
        for (var i = 0; i < facts.Overlay.LastTop + 3; i++)
        {
            (state, _) = DashboardKeys.Apply(state, "j", facts);
        }

        Assert.Equal(facts.Overlay.LastTop, state.Mode.Shown()?.Top);
        var end = Draw(state, 40, 12).Text;
        GoldenScreen.Assert("help-40x12-end", end);
        Assert.Contains("rows above, below", end);
        Assert.Contains($"{facts.Overlay.LastTop + facts.Overlay.Visible}/{facts.Overlay.LastTop + facts.Overlay.Visible} j/k - esc closes", end);
        Assert.Equal(0, DashboardKeys.Apply(state, "g", facts).State.Mode.Shown()?.Top);
        Assert.Equal(Mode.Panes, DashboardKeys.Apply(state, "esc", facts).State.Mode);
    }

    [Theory]
    [InlineData("queue")]
    [InlineData("log")]
    [InlineData("breaker")]
    [InlineData("rate")]
    public void The_focused_panes_keys_come_first_under_its_title_then_the_rest_under_theirs(string focus)
    {
        var panes = PaneRegistry.Default;
        var rows = Rows(Help with { Focus = focus }, 120, 40);
        var focused = panes.All.Single(p => p.Id == focus);
        var any = rows.IndexOf("Any pane");

        Assert.Equal($"{focused.Title} (focused)", rows[0]);
        Assert.StartsWith($"{focused.Key}         {focused.KeyDescription}", rows[1], StringComparison.Ordinal);
        Assert.All(focused.Commands, c => Assert.InRange(Row(rows, panes.Keys.Of(c)), 2, any - 1));
        Assert.InRange(Row(rows, panes.Keys.Of(DashboardCommand.Halt)), any + 1, rows.Count);
        Assert.Equal(
            [.. panes.All.Where(p => p != focused).Select(p => p.Title)],
            rows.Where(r => panes.All.Any(p => r == p.Title)));
        Assert.True(rows.IndexOf(panes.All.First(p => p != focused).Title) > any);
    }

    [Theory]
    [InlineData(120, 40)]
    [InlineData(40, 12)]
    public void Every_description_reads_whole_wrapped_under_itself_in_one_column(int width, int height)
    {
        var rows = Rows(Help, width, height);
        foreach (var binding in PaneRegistry.Default.Keys.All)
        {
            var at = Row(rows, binding);
            var words = rows[at][10..].Trim();
            for (var i = at + 1; i < rows.Count && rows[i].StartsWith(new string(' ', 10), StringComparison.Ordinal) && rows[i].Trim().Length > 0; i++)
            {
                words += " " + rows[i].Trim();
            }

            Assert.Equal(binding.Description, words);
        }

        // The narrow screen does wrap: a description longer than its room takes a second row.
        Assert.Contains(rows, r => r.StartsWith(new string(' ', 10), StringComparison.Ordinal) && r.Trim().Length > 0);
        Assert.DoesNotContain(rows, r => r.Contains('…', StringComparison.Ordinal));
    }

    [Fact]
    public void It_explains_the_queue_marks()
    {
        var text = string.Join("\n", Rows(Help, 120, 40));
        Assert.Contains("!N findings", text);
        Assert.Contains("✓ done", text);
        Assert.Contains("×N attempts", text);
    }

    /// <summary>The row where <paramref name="binding"/>'s keys start, its description after them.</summary>
    private static int Row(List<string> rows, KeyBinding binding)
    {
        var at = rows.FindIndex(r => r.StartsWith(string.Join(" ", binding.Keys).PadRight(10), StringComparison.Ordinal));
        Assert.True(at >= 0, $"no row for {string.Join(" ", binding.Keys)}:\n{string.Join("\n", rows)}");
        return at;
    }

    /// <summary>Every row inside the overlay's box, read page by page as j/k scroll it, trailing spaces trimmed.</summary>
    private static List<string> Rows(DashboardState state, int width, int height)
    {
        var facts = Draw(state, width, height).Facts.Overlay;
        var rows = new List<string>();
        for (var top = 0; rows.Count < facts.LastTop + facts.Visible; top = Math.Min(top + facts.Visible, facts.LastTop))
        {
            var lines = Draw(state with { Mode = new Mode.Overlay("help", Top: top) }, width, height).Text.Split('\n');
            var border = Array.FindIndex(lines, l => l.Contains("esc closes", StringComparison.Ordinal));
            var left = lines[border].LastIndexOf('╭', lines[border].IndexOf("esc closes", StringComparison.Ordinal));
            var right = lines[border].IndexOf('╮', left + 1);
            var page = lines.Skip(border + 1).Take(facts.Visible).Select(l => l[(left + 1)..right].TrimEnd()).ToList();
            rows.AddRange(page.Skip(rows.Count - top));
        }

        return rows;
    }

    private static (string Text, ScreenFacts Facts) Draw(DashboardState state, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        var facts = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, Fixtures.Running(), state, Fixtures.Log());
        return (buffer.ToText(), facts);
    }
}
