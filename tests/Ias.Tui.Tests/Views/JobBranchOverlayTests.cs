using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// b on a queue run: the branch overlay shows the selected job's commits, the files they changed and its PR, enter opens
/// one commit's patch; a job with no commits here closes it at once with one line in the footer saying why.
/// </summary>
public sealed class JobBranchOverlayTests
{
    private const string Implementer = "0001-implementer";

    private static readonly string Sha = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";

    private static readonly BranchView View = new(
        "ias/nightly/0001-implementer",
        "origin/main",
        [new CommitLine(Sha, "feat(nightly): job 0001-implementer — add the greeting", Fixtures.Now.AddMinutes(-20), 2, 14, 1)],
        "https://example.invalid/acme/app/pull/12",
        null)
    {
        Job = Implementer,
        ChangedFiles = ["src/greeting.cs", "tests/GreetingTests.cs"],
    };

    private static readonly string[] Patch =
    [
        $"commit {Sha}",
        "Date:   2026-11-22T10:22:13Z",
        "",
        "    feat(nightly): job 0001-implementer — add the greeting",
        "",
        " src/greeting.cs | 14 +++++++++++++-",
        "@@ -1 +1,2 @@",
        "-hello",
        "+hello, world",
    ];

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_selected_jobs_pr_changed_files_and_commits_show_over_the_panes(int width, int height)
    {
        var text = Render(Team(), new DashboardState { Follow = false, Selected = 0, Mode = new Mode.Overlay("branch") }, new OverlaySight(View), width, height);

        GoldenScreen.Assert($"branch-job-{width}x{height}", text);
        if (width >= 80)
        {
            Assert.Contains("draft PR: https://example.invalid/acme/app/pull/12", text);
            Assert.Contains("1 commit(s) on ias/nightly/0001-implementer over origin/main", text);
            Assert.Contains("2 file(s) changed: src/greeting.cs, tests/GreetingTests.cs", text);
            Assert.Contains("job 0001-implementer - enter opens - esc closes", text);
        }
    }

    [Fact]
    public void B_opens_the_selected_jobs_commits_enter_opens_its_patch_and_esc_goes_back_then_closes()
    {
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
        var buffer = new CellBuffer(120, 40);
        var snap = Team();
        var state = new DashboardState { Follow = false, Selected = 0 };
        ScreenFacts Draw() => screen.Render(buffer, snap, state, Fixtures.Log(), new OverlaySight(View, Patch));

        (state, _) = DashboardKeys.Apply(state, "b", Draw(), PaneRegistry.Default, snap);
        Assert.Null(Draw().Overlay.Declined);
        Assert.Contains("feat(nightly): job 0001-implementer — add the greeting", buffer.ToText());

        (state, _) = DashboardKeys.Apply(state, "enter", Draw(), PaneRegistry.Default, snap);
        Assert.Equal(Sha, state.Mode.Shown()?.Opened);
        Draw();
        Assert.Contains("+hello, world", buffer.ToText());
        Assert.Contains("c3c3c3c - j/k scroll - esc back", buffer.ToText());

        (state, _) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, snap);
        Assert.Equal(("branch", null), (state.Mode.Shown()?.Id, state.Mode.Shown()?.Opened));
        (state, _) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, snap);
        Assert.Equal(Mode.Panes, state.Mode);
    }

    [Fact]
    public void A_job_that_does_not_write_has_no_branch_and_the_footer_says_so()
    {
        var (state, screen) = PressB(Team(), selected: 1, new OverlaySight(View));

        Assert.Equal("0002-reviewer does not write: it has no branch", state.Message);
        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Contains("0002-reviewer does not write: it has no branch", screen);
        Assert.DoesNotContain("esc closes", screen);
    }

    [Fact]
    public void A_job_that_has_not_started_has_no_branch_yet_and_the_footer_says_so()
    {
        var writes = Team(j => j.Id == "0009-reviewer" ? j with { Writes = true } : j);
        Assert.Equal("0009-reviewer has not started: its branch ias/nightly/0009-reviewer does not exist yet", PressB(writes, selected: 8, new OverlaySight(View)).State.Message);

        var own = Fixtures.Queue() with { Queue = Fixtures.Queue().Queue! with { Jobs = [.. Fixtures.Queue().Queue!.Jobs.Select(j => j with { Writes = true })] } };
        Assert.Equal("0009-reviewer has not started: it has no commit yet", PressB(own, selected: 8, new OverlaySight(View)).State.Message);
    }

    [Fact]
    public void A_teams_job_whose_branch_is_not_here_says_where_it_ran_and_the_git_fetch_that_brings_it()
    {
        var elsewhere = Team();
        elsewhere = elsewhere with { Jobs = [elsewhere.Jobs[0] with { JobDir = null, Where = "ran elsewhere" }, .. elsewhere.Jobs.Skip(1)] };

        var (state, screen) = PressB(elsewhere, selected: 0, new OverlaySight());

        const string Said = "0001-implementer ran elsewhere: `git fetch origin ias/nightly/0001-implementer` brings its branch";
        Assert.Equal(Said, state.Message);
        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Contains(Said, screen);

        var running = Team();
        running = running with { Jobs = [.. running.Jobs.Take(5), running.Jobs[5] with { JobDir = null, Where = "runs on pid 9 on build-2 in /srv/app" }, .. running.Jobs.Skip(6)] };
        Assert.Equal(
            "0006-implementer runs elsewhere: `git fetch origin ias/nightly/0006-implementer` brings its branch once it commits",
            PressB(running, selected: 5, new OverlaySight()).State.Message);
    }

    [Fact]
    public void A_checkout_queues_job_with_no_commit_yet_or_none_on_a_branch_here_says_so()
    {
        var own = Fixtures.Queue();
        Assert.Equal("0006-implementer has no commit yet: it commits on the checkout's branch when its turn ends", PressB(own, selected: 5, new OverlaySight(View)).State.Message);
        Assert.Equal("0003-implementer is done and committed nothing: its agent changed no file", PressB(own, selected: 2, new OverlaySight(View)).State.Message);

        var committed = own with { Queue = own.Queue! with { Jobs = [own.Queue.Jobs[0] with { Evidence = new JobEvidence([Sha], ["a.txt"], null) }, .. own.Queue.Jobs.Skip(1)] } };
        Assert.Equal(
            "0001-implementer's commit c3c3c3c is on no branch here (rebased or deleted?): try `git show c3c3c3c`",
            PressB(committed, selected: 0, new OverlaySight()).State.Message);
    }

    [Fact]
    public void An_empty_queue_has_no_branch_to_show_and_b_says_so_without_opening()
    {
        var empty = Fixtures.Queue() with { Jobs = [], Queue = Fixtures.Queue().Queue! with { Jobs = [] } };

        var (state, _) = DashboardKeys.Apply(new DashboardState(), "b", ScreenFacts.None, PaneRegistry.Default, empty);

        Assert.Equal("the queue has no job, so no branch to show: `ias enqueue` adds one", state.Message);
        Assert.Equal(Mode.Panes, state.Mode);
    }

    [Fact]
    public void A_commit_subject_an_agent_wrote_shows_as_inert_text()
    {
        var hostile = View with { Commits = [View.Commits[0] with { Subject = "\u001b]52;c;ZXZpbA==\u0007evil \u001b[31mred\u202e\u0008 end" }] };

        var text = Render(Team(), new DashboardState { Follow = false, Selected = 0, Mode = new Mode.Overlay("branch") }, new OverlaySight(hostile), 120, 40);

        Assert.Contains("evil", text);
        Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007' or '\u0008' or '\u202e');
    }

    /// <summary>Fixtures.Queue as a team's queue: every job with the base main, its first implementer done with a commit and a PR.</summary>
    private static EngineSnapshot Team(Func<Job, Job>? change = null)
    {
        var snap = Fixtures.Queue();
        var jobs = snap.Queue!.Jobs.Select(j => j with { Base = "main" }).Select(change ?? (j => j)).ToList();
        jobs[0] = jobs[0] with { Evidence = new JobEvidence([Sha], [.. View.ChangedFiles], View.PrUrl) };
        return snap with { Queue = snap.Queue with { Jobs = jobs } };
    }

    /// <summary>b over queue row <paramref name="selected"/>, and the frame after it: the state and the screen as text.</summary>
    private static (DashboardState State, string Screen) PressB(EngineSnapshot snap, int selected, IOverlaySources sources)
    {
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
        var buffer = new CellBuffer(120, 40);
        var state = new DashboardState { Follow = false, Selected = selected };
        (state, _) = DashboardKeys.Apply(state, "b", screen.Render(buffer, snap, state, Fixtures.Log(), sources), PaneRegistry.Default, snap);
        Assert.Equal("branch", state.Mode.Shown()?.Id);

        // As the dashboard draws: a frame whose overlay declines is drawn again, the overlay closed and why in the footer.
        var facts = screen.Render(buffer, snap, state, Fixtures.Log(), sources);
        state = state.After(facts);
        screen.Render(buffer, snap, state, Fixtures.Log(), sources);
        return (state, buffer.ToText());
    }

    private static string Render(EngineSnapshot snap, DashboardState state, IOverlaySources sources, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, snap, state, Fixtures.Log(), sources);
        return buffer.ToText();
    }
}
