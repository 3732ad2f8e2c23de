using System.Text.RegularExpressions;
using Ias.Tui.Input;
using Ias.Tui.Tests.Support;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>`?` on a terminal of the smallest size: the focused pane's keys first, read whole by scrolling with j.</summary>
public sealed partial class HelpScreenTests
{
    [Fact]
    public async Task At_40_by_12_help_opens_on_the_focused_pane_and_j_scrolls_every_description_whole_to_its_end()
    {
        using var repo = new DemoRepo();
        await repo.SprintAsync();
        await using var dashboard = repo.Dashboard(40, 12, "--no-report");
        await dashboard.WaitForAsync(" DONE ");

        dashboard.Keys("?");
        var screen = await dashboard.WaitForAsync("j/k - esc closes");
        var (top, last, total) = Shown(screen);
        var rows = new SortedDictionary<int, string>();
        Read(screen, top, rows);
        var focused = PaneRegistry.Default.All[0];
        Assert.Equal(1, top);
        Assert.Equal($"{focused.Title} (focused)", rows[1]);
        Assert.StartsWith($"{focused.Key}         {focused.KeyDescription}", rows[2], StringComparison.Ordinal);

        // j moves one row at a time; each step is waited for on the screen, up to the last row.
        while (last < total)
        {
            dashboard.Keys("j");
            var next = $" {top + 1}-{last + 1}/{total} j/k - esc closes";
            screen = await dashboard.WaitForAsync(next);
            (top, last, _) = Shown(screen);
            Read(screen, top, rows);
        }

        Assert.Equal(total, rows.Count);
        Assert.Contains("rows above, below", rows[total]);
        var why = PaneRegistry.Default.Keys.Of(DashboardCommand.Why);
        var at = rows.First(r => r.Value.StartsWith("e         ", StringComparison.Ordinal)).Key;
        var wrapped = rows.Where(r => r.Key > at).TakeWhile(r => r.Value.StartsWith("          ", StringComparison.Ordinal)).Select(r => r.Value.Trim()).ToList();
        Assert.NotEmpty(wrapped);
        Assert.Equal(why.Description, string.Join(" ", [rows[at][10..].Trim(), .. wrapped]));

        dashboard.Keys("Escape");
        screen = await dashboard.WaitForAsync(s => !s.Contains("esc closes", StringComparison.Ordinal), "the help closed");
        Assert.Contains($"{focused.Key} {focused.Title}", screen);
    }

    /// <summary>The rows the title says are in view, and how many there are: `keys 3-10/84 j/k - esc closes` (`keys` left out when narrow).</summary>
    private static (int Top, int Last, int Total) Shown(string screen)
    {
        var m = Title().Match(screen);
        Assert.True(m.Success, screen);
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
    }

    /// <summary>The box's rows in view into <paramref name="rows"/>, by their number from 1, trailing spaces trimmed.</summary>
    private static void Read(string screen, int top, SortedDictionary<int, string> rows)
    {
        var lines = screen.Split('\n');
        var border = Array.FindIndex(lines, l => l.Contains("j/k - esc closes", StringComparison.Ordinal));
        var left = lines[border].LastIndexOf('╭', lines[border].IndexOf("j/k - esc closes", StringComparison.Ordinal));
        var right = lines[border].IndexOf('╮', left + 1);
        var (_, last, _) = Shown(screen);
        for (var row = top; row <= last; row++)
        {
            rows[row] = lines[border + 1 + row - top][(left + 1)..right].TrimEnd();
        }
    }

    [GeneratedRegex(@" (\d+)-(\d+)/(\d+) j/k - esc closes")]
    private static partial Regex Title();
}
