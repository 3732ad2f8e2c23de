using Ias.Core.Git;
using Ias.Core.Snapshots;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>The branch overlay (b): the PR and the run's commits, one commit's patch on enter, at every size.</summary>
public sealed class BranchOverlayTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 19, 10, 30, 0, TimeSpan.Zero);

    internal static readonly BranchView View = new(
        "feature/sprint-1",
        "main",
        [
            new CommitLine("c2c2c2c2c2c2c2c2", "chore(sprint-1): COMPLETED — greeting", At.AddMinutes(9), 2, 14, 0),
            new CommitLine("b1b1b1b1b1b1b1b1", "feat(sprint-1): cycle 2 — fix the review's findings", At.AddMinutes(5), 1, 3, 1),
            new CommitLine("a0a0a0a0a0a0a0a0", "feat(sprint-1): cycle 1 — add the greeting", At, 1, 2, 0),
        ],
        null,
        "/repo/.run/pr.md");

    internal static readonly string[] Patch =
    [
        "commit b1b1b1b1b1b1b1b1",
        "Date:   2026-01-19T10:35:00Z",
        "",
        "    feat(sprint-1): cycle 2 — fix the review's findings",
        "",
        " sim/sprint-1/feature.txt | 4 +++-",
        "@@ -1 +1,3 @@",
        "-feature",
        "+feature for sprint-1",
        "+with the fix",
    ];

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_list_shows_the_pr_text_and_the_commits_newest_first_with_the_selection(int width, int height)
    {
        var text = Render(new DashboardState { Mode = new Mode.Overlay("branch", Selected: 1) }, null, width, height);

        GoldenScreen.Assert($"branch-{width}x{height}", text);
        Assert.Contains("PR text: /repo/.run/pr.md", text);
    }

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void An_opened_commit_shows_its_message_stat_and_patch(int width, int height)
    {
        var text = Render(new DashboardState { Mode = new Mode.Overlay("branch", Opened: "b1b1b1b1b1b1b1b1") }, Patch, width, height);

        GoldenScreen.Assert($"branch-commit-{width}x{height}", text);
        Assert.Contains("b1b1b1b - j/k scroll - esc back", text);
    }

    [Fact]
    public void B_opens_the_list_j_selects_enter_opens_that_commit_and_esc_goes_back_then_closes()
    {
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
        var buffer = new CellBuffer(120, 40);
        var state = new DashboardState();
        ScreenFacts Draw() => screen.Render(buffer, Fixtures.Done(), state, Fixtures.Log(), new OverlaySight(View, Patch));

        (state, _) = DashboardKeys.Apply(state, "b", Draw(), PaneRegistry.Default, Fixtures.Done());
        Assert.Equal("branch", state.Mode.Shown()?.Id);
        (state, _) = DashboardKeys.Apply(state, "j", Draw(), PaneRegistry.Default, Fixtures.Done());
        (state, _) = DashboardKeys.Apply(state, "enter", Draw(), PaneRegistry.Default, Fixtures.Done());
        Assert.Equal("b1b1b1b1b1b1b1b1", state.Mode.Shown()?.Opened);

        (state, _) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, Fixtures.Done());
        Assert.Null(state.Mode.Shown()?.Opened);
        Assert.Equal("branch", state.Mode.Shown()?.Id);
        (state, _) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, Fixtures.Done());
        Assert.Equal(Mode.Panes, state.Mode);
    }

    private static string Render(DashboardState state, IReadOnlyList<string>? shown, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, Fixtures.Done(), state, Fixtures.Log(), new OverlaySight(View, shown));
        return buffer.ToText();
    }
}
