using Ias.Core.Snapshots;
using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Tests.Views;
using Ias.Tui.Views;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>The replay's keys on a stored run: pause and play, one event at a time, a phase at a time, faster and slower; and its clock.</summary>
public sealed class ReplayKeysTests : IDisposable
{
    private readonly RecordedRun _run = new();

    public void Dispose() => _run.Dispose();

    private DashboardState Replaying(int index = 0, bool paused = false) => new() { Replay = new ReplayCursor(_run.Timeline, index, paused) };

    /// <summary>The keys pressed in turn, each on the snapshot of the moment the replay then stands at, as the dashboard gives it.</summary>
    private DashboardState Press(DashboardState s, params string[] keys)
    {
        foreach (var key in keys)
        {
            var snap = s.Replay is { } replay ? _run.Timeline.At(replay.Index) : Fixtures.Done();
            (s, _) = DashboardKeys.Apply(s, key, ScreenFacts.None, PaneRegistry.Default, snap);
        }

        return s;
    }

    [Fact]
    public void Space_pauses_a_playing_replay_and_plays_it_on()
    {
        var paused = Press(Replaying(4), "space");
        Assert.True(paused.Replay!.Paused);
        Assert.Equal(4, paused.Replay.Index);

        var playing = Press(paused, "space");
        Assert.False(playing.Replay!.Paused);
        Assert.Equal(4, playing.Replay.Index);
    }

    [Fact]
    public void Right_and_left_step_one_event_pausing_and_stop_at_either_end()
    {
        var s = Press(Replaying(4), "right");
        Assert.Equal((5, true), (s.Replay!.Index, s.Replay.Paused));
        Assert.Equal(3, Press(s, "left", "left").Replay!.Index);
        Assert.Equal(0, Press(Replaying(1), "left", "left", "left").Replay!.Index);
        Assert.Equal(10, Press(Replaying(9), "right", "right", "right").Replay!.Index);
    }

    [Fact]
    public void Brackets_jump_to_the_next_phases_start_and_back_to_this_ones_then_the_one_before()
    {
        Assert.Equal([1, 3, 5, 7], _run.Timeline.PhaseStarts);
        Assert.Equal(3, Press(Replaying(2), "]").Replay!.Index);
        Assert.Equal(5, Press(Replaying(2), "]", "]").Replay!.Index);
        Assert.Equal(10, Press(Replaying(7), "]").Replay!.Index); // past the last phase: the end
        Assert.Equal(3, Press(Replaying(4), "[").Replay!.Index);
        Assert.Equal(1, Press(Replaying(4), "[", "[").Replay!.Index);
        Assert.Equal(0, Press(Replaying(1), "[").Replay!.Index);
    }

    [Fact]
    public void Plus_and_minus_double_and_halve_the_speed_between_a_quarter_and_64_times()
    {
        Assert.Equal(2, Press(Replaying(), "+").Replay!.Speed);
        Assert.Equal(64, Press(Replaying(), "+", "+", "+", "+", "+", "+", "+", "+").Replay!.Speed);
        Assert.Equal(0.5, Press(Replaying(), "-").Replay!.Speed);
        Assert.Equal(0.25, Press(Replaying(), "-", "-", "-", "-").Replay!.Speed);
    }

    [Fact]
    public void Playing_goes_from_moment_to_moment_as_the_run_did_times_the_speed_a_long_wait_shortened_to_a_second_and_pauses_at_the_end()
    {
        // Moments 0 and 1 are a second apart; 1 and 2 are eight.
        var cursor = new ReplayCursor(_run.Timeline);
        Assert.Equal(0, cursor.Played(TimeSpan.FromMilliseconds(900)).Index);
        Assert.Equal(1, cursor.Played(TimeSpan.FromMilliseconds(1000)).Index);
        // Eight seconds of the run stand a second at most: moment 2 is due a second after moment 1.
        Assert.Equal(2, cursor.Played(TimeSpan.FromMilliseconds(2000)).Index);
        Assert.Equal(2, (cursor with { Speed = 2 }).Played(TimeSpan.FromMilliseconds(1000)).Index);
        Assert.Equal(4, cursor.Played(TimeSpan.FromMilliseconds(900)).Played(TimeSpan.FromSeconds(3.1)).Index);

        var end = cursor.Played(TimeSpan.FromMinutes(5));
        Assert.Equal((10, true), (end.Index, end.Paused));
        Assert.Equal(end, end.Played(TimeSpan.FromSeconds(5)));
        // Played again from the end, it starts over.
        Assert.Equal(0, Press(new DashboardState { Replay = end }, "space").Replay!.Index);
    }

    [Fact]
    public void The_replay_keys_say_why_outside_a_replay_and_the_engines_keys_say_a_replay_changes_nothing()
    {
        var live = Press(new DashboardState(), "space");
        Assert.Null(live.Replay);
        Assert.Equal("only in a replay: p replays the watched run, l then p another", live.Message);

        var halted = Press(Replaying(4), "h");
        Assert.Equal(Mode.Panes, halted.Mode);
        Assert.StartsWith($"a replay of run {RecordedRun.RunId} changes nothing: nothing to halt", halted.Message);
    }

    [Fact]
    public void Esc_leaves_a_replay_for_the_live_dashboard_and_never_quits()
    {
        var replaying = Replaying(4) with { Focus = "log", Follow = false, Selected = 2, Checkout = "shop" };
        var (live, effect) = DashboardKeys.Apply(replaying, "esc", ScreenFacts.None, PaneRegistry.Default, _run.Timeline.At(4));

        Assert.Equal(DashboardEffect.None, effect);
        Assert.Null(live.Replay);
        Assert.Equal(Mode.Panes, live.Mode);
        // What was chosen in the replay does not carry over, as after watching another run; the pane in focus and the checkout do.
        Assert.Equal((true, "log", "shop"), (live.Follow, live.Focus, live.Checkout));
        Assert.Equal("left the replay: back to the live dashboard (l lists the runs)", live.Message);

        // On the live dashboard esc goes back as it always does, and still never quits.
        var (again, quits) = DashboardKeys.Apply(live, "esc", ScreenFacts.None, PaneRegistry.Default, Fixtures.Done());
        Assert.Equal(DashboardEffect.None, quits);
        Assert.Equal(("queue", null), (again.Focus, again.Replay));
    }

    [Fact]
    public void Esc_in_a_replay_first_closes_what_is_open_over_it_and_clears_the_search_and_the_filter()
    {
        foreach (var open in new[]
        {
            Replaying(4) with { Mode = new Mode.Overlay("help") },
            Replaying(4) with { Mode = new Mode.Confirming(PaneRegistry.Default.Keys.Of(DashboardCommand.Halt)) },
            Replaying(4) with { Search = "review", Mode = new Mode.Typing(new LineEditor(LinePurpose.Search, "review"), Mode.Panes) },
            Replaying(4) with { Search = "review" },
            Replaying(4) with { Filter = "review" },
        })
        {
            var once = Press(open, "esc");
            Assert.NotNull(once.Replay);
            Assert.Equal(Mode.Panes, once.Mode);
            Assert.Equal(("", ""), (once.Search, once.Filter));
            Assert.Null(Press(once, "esc").Replay);
        }
    }

    [Fact]
    public void The_replays_keys_and_its_footer_say_esc_leaves_it()
    {
        Assert.Contains("esc leaves", DashboardApp.Replaying(_run.Timeline));
        Assert.Contains("esc leaves", Press(Replaying(4), "h").Message);
        Assert.Contains("leave a replay", PaneRegistry.Default.Keys.For("esc")!.Description);
    }

    [Fact]
    public void P_replays_the_watched_run_and_in_the_runs_list_the_selected_run_a_queue_run_too()
    {
        var (_, watched) = DashboardKeys.Apply(new DashboardState(), "p", ScreenFacts.None, PaneRegistry.Default, Fixtures.Done());
        Assert.Equal(new DashboardEffect.Replay(null), watched);

        var runs = Fixtures.Runs();
        var sprint = runs.Select((r, i) => (r, i)).First(x => x.r.Kind != RunKind.Queue);
        var queue = runs.Select((r, i) => (r, i)).First(x => x.r.Kind == RunKind.Queue);
        DashboardEffect InList(int selected, out DashboardState after)
        {
            var facts = ScreenFacts.None with { Overlay = new OverlayFacts([.. runs]) };
            (after, var effect) = DashboardKeys.Apply(new DashboardState { Mode = new Mode.Overlay("runs", Selected: selected) }, "p", facts, PaneRegistry.Default, Fixtures.Done());
            return effect;
        }

        Assert.Equal(new DashboardEffect.Replay(sprint.r), InList(sprint.i, out var closed));
        Assert.Equal(Mode.Panes, closed.Mode);
        Assert.Equal(new DashboardEffect.Replay(queue.r), InList(queue.i, out var shown));
        Assert.Equal(Mode.Panes, shown.Mode);
        var (_, watchedQueue) = DashboardKeys.Apply(new DashboardState(), "p", ScreenFacts.None, PaneRegistry.Default, Fixtures.Queue());
        Assert.Equal(new DashboardEffect.Replay(null), watchedQueue);
    }

    [Fact]
    public void A_queue_replay_starts_and_stops_no_runner_and_drops_into_no_job()
    {
        using var recorded = new RecordedQueue();
        var snap = recorded.Timeline.At(8);
        var state = new DashboardState { Replay = new ReplayCursor(recorded.Timeline, Index: 8) };

        foreach (var (key, verb) in new[] { ("x", "no runner to stop"), ("u", "no runner to start"), ("d", "nothing to drop into") })
        {
            var (after, effect) = DashboardKeys.Apply(state, key, ScreenFacts.None, PaneRegistry.Default, snap);
            Assert.Equal(DashboardEffect.None, effect);
            Assert.StartsWith("a replay of queue run night changes nothing", after.Message);
            Assert.Contains(verb, after.Message);
        }
    }
}
