using Ias.Core.Bugs;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// Screens as text: each view at 120×40, 80×24, 60×20 and 40×12 from fixed snapshots, compared with golden files a
/// reviewer reads in the diff. Set IAS_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
/// </summary>
public sealed class DashboardScreenTests
{
    public static TheoryData<int, int> Sizes => new() { { 120, 40 }, { 80, 24 }, { 60, 20 }, { 40, 12 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_running_sprint(int width, int height) =>
        AssertGolden($"running-{width}x{height}", Render(Fixtures.Running(), new DashboardState(), width, height));

    // Narrower screens drop the cost from the header before anything else, the cap with it: they match the running sprint's.
    [Fact]
    public void A_running_sprint_under_a_budget_shows_its_cap_in_the_header() =>
        AssertGolden("budget-120x40", Render(Fixtures.Budgeted(), new DashboardState(), 120, 40));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_tripped_breaker_waiting_for_the_hour(int width, int height) =>
        AssertGolden($"tripped-{width}x{height}", Render(Fixtures.Tripped(), new DashboardState { Focus = "breaker" }, width, height));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_published_run_reads_DONE_and_offers_no_halt_or_resume(int width, int height)
    {
        var text = Render(Fixtures.Done(), new DashboardState(), width, height);
        AssertGolden($"done-{width}x{height}", text);
        var footer = text.Split('\n')[^1];
        Assert.DoesNotContain("halt", footer);
        Assert.DoesNotContain("resume", footer);
        Assert.DoesNotContain("JACKED_OUT", text);
        Assert.DoesNotContain("AUDIT", text.Split('\n')[0]);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_run_halted_from_the_keyboard_reads_HALTED_with_its_reason_and_offers_resume_not_halt(int width, int height)
    {
        var text = Render(Fixtures.HaltedByKey(), new DashboardState(), width, height);
        AssertGolden($"halted-{width}x{height}", text);
        Assert.StartsWith("ias  HALTED ", text);
        Assert.DoesNotContain("TRIPPED", text);
        Assert.DoesNotContain("h halt", text.Split('\n')[^1]);
        Assert.StartsWith("r resume", text.Split('\n')[^1]);
    }

    [Fact]
    public void The_header_says_how_a_run_stands_in_words_a_person_reads()
    {
        string Head(EngineSnapshot snap) => Render(snap, new DashboardState(), 120, 40).Split('\n')[0];

        Assert.StartsWith("ias  RUNNING  │ REVIEW │", Head(Fixtures.Running()));
        Assert.StartsWith("ias  DONE  │ passed, draft PR opened │", Head(Fixtures.Done()));
        Assert.StartsWith("ias  COMPLETE  │ passed review and audit, not published yet │", Head(Fixtures.Complete()));
        Assert.StartsWith("ias  HALTED  │ halted from the dashboard │ AUDIT │", Head(Fixtures.HaltedByKey()));
        Assert.StartsWith("ias  TRIPPED  │ same issue │ REVIEW │", Head(Fixtures.Tripped()));
        Assert.StartsWith("ias  ENDED  │ after a halt: halted from the dashboard │", Head(Fixtures.Ended()));
    }

    [Fact]
    public void A_bug_halted_at_triage_made_no_run_and_the_header_says_it_halted_and_why()
    {
        var bug = new BugRecord(
            "20261122-a3f2b1", "Token check rejects valid sessions", "sprint-bug-1", BugState.Halted, Fixtures.Now, Fixtures.Now,
            0, 0, 0, null, new BugConfidence("strong", "unit", "high", 1, 0), "bugfix/20261122-a3f2b1", new RunOptions(10, 2),
            ["auth/session.txt"], ["auth/session.txt"], AllowHigh: false, HaltReason: "High-risk area detected (auth/payment/migration). Use --allow-high to proceed.");
        var snap = new EngineSnapshot(new RunStatus(null, null, null, false, null, Fixtures.Now), [], null) { Bug = bug };

        var head = Render(snap, new DashboardState(), 120, 40).Split('\n')[0];

        Assert.StartsWith("ias  HALTED  bug 20261122-a3f2b1 at triage: High-risk area detected", head);
        Assert.DoesNotContain("no run here yet", head);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_log_search_marks_its_matches_and_the_title_says_where_the_view_is(int width, int height)
    {
        var text = Render(Fixtures.Running(), new DashboardState { Focus = "log", Search = "sprint", SearchAt = 1, Follow = false }, width, height);
        AssertGolden($"log-search-{width}x{height}", text);
    }

    [Fact]
    public void Log_lines_show_their_time_and_the_title_the_position_in_the_log()
    {
        var text = Render(Fixtures.Running(), new DashboardState { Focus = "log" }, 120, 40);
        Assert.Contains("10:41:52 → Grep validate src/", text);
        Assert.Contains("2 Log - c2 reviewer follow 8/8", text);

        // Seven of the eight lines fit at 80×24: at the top of the log the last line in view is the seventh.
        Assert.Contains("2 Log - c2 reviewer 7/8", Render(Fixtures.Running(), new DashboardState { Follow = false, Selected = 3 }, 80, 24));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_queue_run_shows_its_runner_its_jobs_with_agent_attempts_and_tokens_and_the_waits(int width, int height)
    {
        var text = Render(Fixtures.Queue(), new DashboardState(), width, height);
        AssertGolden($"queue-{width}x{height}", text);
        Assert.StartsWith("ias  RUNNING  │ queue run nightly", text);
        Assert.DoesNotContain("no jobs yet", text);
    }

    [Fact]
    public void The_queue_pane_says_how_many_jobs_are_out_of_view_above_and_below()
    {
        var text = Render(Fixtures.Queue(), new DashboardState { Follow = false, Selected = 4 }, 80, 24);
        Assert.Matches(@"1 Queue - ↑\d ↓\d", text);
        var wide = Render(Fixtures.Queue(), new DashboardState(), 80, 24);
        Assert.Contains("● 0006-implementer codex  8.2k/1.3k tok", wide);
        Assert.Contains("○ 0007-reviewer    claude 3k/100 tok $0.01 retry until 10:44:13", wide);
    }

    [Fact]
    public void A_message_wider_than_the_footer_is_cut_at_a_word_with_an_ellipsis()
    {
        var message = "engine (pid 4242 on buildbox) stopped the run but has not exited yet: press r again in a moment";
        var footer = Render(Fixtures.Running(), new DashboardState().Say(message), 80, 24).Split('\n')[^1];
        Assert.Contains("engine (pid 4242 on buildbox) stopped the run but has not…", footer);
        Assert.EndsWith("? help  q quit", footer.TrimEnd());
        Assert.Equal("press r again…", ShortText.CutAtWord("press r again in a moment", 15));
        Assert.Equal("abcdefghi…", ShortText.CutAtWord("abcdefghijklmnop qr", 10));
        Assert.Equal("fits", ShortText.CutAtWord("fits", 4));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_destructive_key_asks_first_with_no_as_the_default(int width, int height) =>
        AssertGolden($"confirm-halt-{width}x{height}", Render(Fixtures.Running(), new DashboardState { Mode = new Mode.Confirming(PaneRegistry.Default.Keys.Of(DashboardCommand.HaltNow)) }, width, height));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_focused_log_pane_with_a_filter(int width, int height) =>
        AssertGolden($"log-filter-{width}x{height}", Render(Fixtures.Running(), new DashboardState { Focus = "log", Filter = "grep" }, width, height));

    [Fact]
    public void Below_40_by_12_only_the_too_small_notice_shows_and_it_says_q_quits()
    {
        var text = Render(Fixtures.Running(), new DashboardState(), 39, 12);
        Assert.Contains("terminal too small", text);
        Assert.Contains("39×12, needs 40×12", text);
        Assert.Contains("q quits", text);
        Assert.DoesNotContain("Queue", text);
    }

    [Fact]
    public void The_filter_keeps_matching_lines_and_shows_what_it_is()
    {
        var text = Render(Fixtures.Running(), new DashboardState { Filter = "grep", Focus = "log" }, 120, 40);
        Assert.Contains("→ Grep validate src/", text);
        Assert.DoesNotContain("Reviewing sprint-1", text);
        Assert.Contains("&grep", text);
    }

    [Fact]
    public void Ascii_mode_draws_no_unicode()
    {
        var buffer = new CellBuffer(100, 30);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Ascii, ColorMode.NoColor).Render(buffer, Fixtures.Running(), new DashboardState(), Fixtures.Log());
        var text = buffer.ToText();
        Assert.All(text, c => Assert.True(c < 128, $"non-ASCII '{c}' (U+{(int)c:X4})"));
    }

    [Fact]
    public void A_run_inside_a_sprint_plan_lists_the_plans_sprints_with_their_status_above_its_jobs()
    {
        var small = Render(Fixtures.InPlan(), new DashboardState(), 80, 24);
        var text = Render(Fixtures.InPlan(), new DashboardState(), 120, 40);

        AssertGolden("plan-80x24", small);
        AssertGolden("plan-120x40", text);
        Assert.Contains("plan 1/3 RUNNING · sprint-2", small);
        Assert.Contains("✓ sprint-1   completed 2c", text);
        Assert.Contains("sprint-3   pending", text);
    }

    private static string Render(EngineSnapshot snap, DashboardState state, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, snap, state, Fixtures.Log());
        return buffer.ToText();
    }

    private static void AssertGolden(string name, string actual) => GoldenScreen.Assert(name, actual);
}
