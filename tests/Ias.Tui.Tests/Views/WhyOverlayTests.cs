using Ias.Core.Snapshots;
using Ias.Core.Turns;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// Why the run stopped (e): the whole halt reason, which the header cuts, and the failed agent's last stderr lines, one
/// key away at every size; and the log of the failed step ends with the same lines.
/// </summary>
public sealed class WhyOverlayTests
{
    private static readonly OverlaySight Sight = new(Ended: Fixtures.CrashedTurn);

    /// <summary>The failed step's log as the dashboard reads it: the stream stops, then the exit and stderr's lines under a rule.</summary>
    private static readonly LogLine[] CrashedLog =
    [
        new(TurnLogKind.System, "session 7d2c0b1e · sim") { Time = Fixtures.Now.AddSeconds(-20) },
        new(TurnLogKind.Assistant, "Implementing sprint-1, cycle 2.") { Time = Fixtures.Now.AddSeconds(-19) },
        new(TurnLogKind.Error, "— agent exited (1) —") { Time = Fixtures.Now.AddSeconds(-18) },
        new(TurnLogKind.System, "── stderr ──"),
        .. Fixtures.CrashedTurn.Stderr.Select(l => new LogLine(TurnLogKind.Error, l)),
    ];

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_whole_halt_reason_and_the_failed_agents_stderr_show_over_the_panes(int width, int height)
    {
        var text = Render(new DashboardState { Mode = new Mode.Overlay("why") }, width, height);

        GoldenScreen.Assert($"why-{width}x{height}", text);
        Assert.Contains(" why - j/k scroll - esc closes ", text);
    }

    [Fact]
    public void At_120_columns_all_of_it_shows_at_once_though_the_header_cuts_the_reason()
    {
        var panes = Render(new DashboardState(), 120, 40);
        Assert.DoesNotContain(Fixtures.CrashReason, Words(panes));

        var why = Words(Render(new DashboardState { Mode = new Mode.Overlay("why") }, 120, 40));

        Assert.Contains(Fixtures.CrashReason, why);
        Assert.Contains("the last turn that failed: c2 IMPLEMENT implementer, attempt 2", why);
        Assert.Contains("its agent exited 1; what it wrote to stderr:", why);
        Assert.Contains(string.Join(' ', Fixtures.CrashedTurn.Stderr.Select(l => l.Trim())), why);
        Assert.Contains($"job folder: {Fixtures.CrashedDir}", why);
    }

    [Fact]
    public void At_40x12_j_scrolls_through_all_of_it_and_esc_closes_it()
    {
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
        var buffer = new CellBuffer(40, 12);
        var state = new DashboardState();
        var snap = Fixtures.Crashed();
        ScreenFacts Draw() => screen.Render(buffer, snap, state, CrashedLog, Sight);

        (state, _) = DashboardKeys.Apply(state, "e", Draw(), PaneRegistry.Default, snap);
        Assert.Equal("why", state.Mode.Shown()?.Id);

        // Every row the overlay scrolls past, in order: together they hold the whole reason and every stderr line.
        var seen = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var facts = Draw();
            var rows = Inside(buffer.ToText());
            seen.Add(i == 0 ? string.Join(' ', rows) : rows[^1]);
            if (facts.Overlay.LastTop == (state.Mode.Shown()?.Top ?? -1))
            {
                break;
            }

            (state, _) = DashboardKeys.Apply(state, "j", facts, PaneRegistry.Default, snap);
        }

        var all = Squeeze(string.Join(' ', seen));
        Assert.Contains(Squeeze(Fixtures.CrashReason.Replace(" ", "", StringComparison.Ordinal)), all.Replace(" ", "", StringComparison.Ordinal));
        Assert.All(Fixtures.CrashedTurn.Stderr, l => Assert.Contains(Squeeze(l), all));
        Assert.Contains($"jobfolder:{Fixtures.CrashedDir}", all.Replace(" ", "", StringComparison.Ordinal)); // longer than a row: broken, not cut

        (state, _) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, snap);
        Assert.Equal(Mode.Panes, state.Mode);
    }

    [Fact]
    public void E_is_offered_in_the_footer_of_a_halted_run_and_says_why_not_while_nothing_failed()
    {
        var halted = Render(new DashboardState(), 120, 40).Split('\n')[^1];
        Assert.StartsWith("r resume  e why  ", halted);
        Assert.Contains("e why", Render(Fixtures.Tripped(), new DashboardState(), 40, 12).Split('\n')[^1]);

        var running = Fixtures.Running();
        var (state, _) = DashboardKeys.Apply(new DashboardState(), "e", ScreenFacts.None, PaneRegistry.Default, running);
        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Equal("nothing has stopped or failed here: no halt reason, refused push or failed turn to show", state.Message);
        Assert.DoesNotContain("e why", Render(running, new DashboardState(), 120, 40).Split('\n')[^1]);
    }

    [Fact]
    public void A_run_that_passed_but_whose_push_the_remote_refused_shows_the_remotes_words()
    {
        const string Refused = "the push of feature/sprint-1 to origin was refused: remote: pushes are closed today";
        var complete = Fixtures.Complete();
        var snap = complete with { Status = complete.Status with { Run = complete.Status.Run! with { NotPublished = Refused } } };

        var (state, _) = DashboardKeys.Apply(new DashboardState(), "e", ScreenFacts.None, PaneRegistry.Default, snap);
        Assert.Equal("why", state.Mode.Shown()?.Id);
        var why = Words(Render(snap, state, 120, 40));

        Assert.Contains($"COMPLETE sprint-1", why);
        Assert.Contains($"passed review and audit, not published: {Refused}", why);

        // Without the remote's words (a run of an older ias) there is nothing for e to show.
        (state, _) = DashboardKeys.Apply(new DashboardState(), "e", ScreenFacts.None, PaneRegistry.Default, complete);
        Assert.Equal(Mode.Panes, state.Mode);
    }

    [Fact]
    public void A_failed_queue_job_shows_its_reason_and_its_agents_stderr()
    {
        var queue = Fixtures.Queue();
        var failed = queue.Jobs[5] with { Status = JobStatus.Failed, Outcome = "failed 3 times: exited 1: RuntimeError: the model refused the request" };
        var snap = queue with { Jobs = [.. queue.Jobs.Take(5), failed, .. queue.Jobs.Skip(6)] };

        var why = Words(Render(snap, new DashboardState { Mode = new Mode.Overlay("why") }, 120, 40));

        Assert.Contains(" RUNNING queue run nightly", why);
        Assert.Contains($"the last turn that failed: job {failed.Name}", why);
        Assert.Contains(failed.Outcome!, why);
        Assert.Contains("RuntimeError: the model refused the request", why);
    }

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_failed_steps_log_ends_with_its_exit_and_stderr_under_a_rule(int width, int height)
    {
        var text = Render(new DashboardState { Focus = "log" }, width, height);

        GoldenScreen.Assert($"crashed-{width}x{height}", text);
    }

    private static string Render(DashboardState state, int width, int height) => Render(Fixtures.Crashed(), state, width, height);

    private static string Render(EngineSnapshot snap, DashboardState state, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, snap, state, CrashedLog, Sight);
        return buffer.ToText();
    }

    /// <summary>The rows inside the overlay's box (between its top and bottom borders), without the borders.</summary>
    private static List<string> Inside(string screen)
    {
        var lines = screen.Split('\n');
        var top = Array.FindIndex(lines, l => l.Contains(" why - ", StringComparison.Ordinal));
        var bottom = Array.FindIndex(lines, top + 1, l => l.TrimStart().StartsWith('╰'));
        var left = lines[top].IndexOf('╭', StringComparison.Ordinal);
        var right = lines[top].LastIndexOf('╮');
        return [.. lines[(top + 1)..bottom].Select(l => l[(left + 1)..right].TrimEnd())];
    }

    /// <summary>A screen's text with runs of spaces and the box's borders as one space, so a wrapped sentence reads whole.</summary>
    private static string Words(string screen) => Squeeze(screen.Replace('│', ' ').Replace('\n', ' '));

    private static string Squeeze(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
