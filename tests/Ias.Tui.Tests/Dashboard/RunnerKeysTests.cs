using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Tests.Views;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>u starts a watched queue run's runner and x stops it, each asking first, No by default; each says why when it cannot act.</summary>
public sealed class RunnerKeysTests
{
    private static readonly ScreenFacts Facts = new(Jobs: 9, new Dictionary<string, PaneFacts>
    {
        ["queue"] = new(Lines: 9, Height: 9),
        ["log"] = new(Lines: 10, Height: 20),
    });

    [Fact]
    public void U_asks_naming_the_queue_run_and_only_y_starts_its_runner()
    {
        var (asked, none) = Press(Stopped(), "u");
        Assert.Equal(DashboardEffect.None, none);
        Assert.Equal("Start the runner of queue run nightly in this checkout, detached?", (asked.Mode as Mode.Confirming)?.Asks);

        Assert.Equal(new DashboardEffect.Runner(DashboardCommand.StartRunner), Press(Stopped(), "u", "y").Effect);
        foreach (var other in new[] { "n", "N", "esc", "enter", "q", "u" })
        {
            var (s, e) = Press(Stopped(), "u", other);
            Assert.Equal(DashboardEffect.None, e);
            Assert.Equal(Mode.Panes, s.Mode);
            Assert.Equal("cancelled", s.Message);
        }
    }

    [Fact]
    public void X_asks_first_and_only_y_stops_the_runner()
    {
        var (asked, none) = Press(Fixtures.Queue(), "x");
        Assert.Equal(DashboardEffect.None, none);
        Assert.Equal("Stop the queue's runner after its current job?", (asked.Mode as Mode.Confirming)?.Binding.Confirm);

        Assert.Equal(new DashboardEffect.Runner(DashboardCommand.StopRunner), Press(Fixtures.Queue(), "x", "y").Effect);
        foreach (var other in new[] { "n", "enter", "esc", "x" })
        {
            var (s, e) = Press(Fixtures.Queue(), "x", other);
            Assert.Equal(DashboardEffect.None, e);
            Assert.Equal(Mode.Panes, s.Mode);
        }
    }

    [Fact]
    public void Each_key_that_cannot_act_says_why_in_one_line_without_asking()
    {
        Assert.Equal("the runner of nightly is at work (pid 77 on buildbox): x stops it", Press(Fixtures.Queue(), "u").State.Message);
        Assert.Equal("no runner is at work on nightly: nothing to stop; u starts one", Press(Stopped(), "x").State.Message);
        Assert.StartsWith("u and x stop a queue run's runner, and no queue run is watched here", Press(Fixtures.Running(), "x").State.Message);
        Assert.All(new[] { "u", "x" }, k => Assert.Equal(Mode.Panes, Press(Fixtures.Running(), k).State.Mode));
    }

    [Fact]
    public void X_on_a_teams_queue_stops_a_runner_started_after_a_stop_and_says_so_once_the_stop_reaches_every_runner_at_work()
    {
        var snap = Fixtures.Queue();
        var run = snap.Queue!.Run with { StopRequested = true, Stops = 1 };
        RunnerRow Runner(string owner, RunnerStatus status, long stopsAtStart) => new(owner, status, null, run.Updated) { StopsAtStart = stopsAtStart };
        EngineSnapshot Team(QueueRun r, params RunnerRow[] runners) => snap with { Queue = snap.Queue with { Run = r, Runners = runners } };

        // Runner b started after the stop runner a still works toward; a stopped runner the stop was asked of is no matter.
        var asked = Team(run, Runner("pid 1 on box-a", RunnerStatus.Running, 0), Runner("pid 2 on box-b", RunnerStatus.Idle, 1), Runner("pid 3 on box-c", RunnerStatus.Stopped, 0));
        Assert.IsType<Mode.Confirming>(Press(asked, "x").State.Mode);

        var both = Team(run with { Stops = 2 }, [.. asked.Queue!.Runners]);
        Assert.Equal("a stop is already sent to every runner at work on nightly: each stops after its current job", Press(both, "x").State.Message);
        Assert.Equal(Mode.Panes, Press(both, "x").State.Mode);
    }

    [Fact]
    public void A_lost_runner_can_be_started_again_here()
    {
        var snap = Fixtures.Queue();
        var lost = snap with { Queue = snap.Queue! with { Run = snap.Queue.Run with { RunnerStatus = RunnerStatus.Lost } } };
        Assert.Equal(new DashboardEffect.Runner(DashboardCommand.StartRunner), Press(lost, "u", "y").Effect);
    }

    [Fact]
    public void The_footer_offers_start_without_a_runner_and_stop_with_one_and_neither_on_a_sprint()
    {
        var keys = PaneRegistry.Default.Keys;
        Assert.Contains(("u", "start"), keys.Footer(200, Stopped()));
        Assert.DoesNotContain(("x", "stop"), keys.Footer(200, Stopped()));
        Assert.Contains(("x", "stop"), keys.Footer(200, Fixtures.Queue()));
        Assert.DoesNotContain(("u", "start"), keys.Footer(200, Fixtures.Queue()));
        Assert.DoesNotContain(keys.Footer(200, Fixtures.Running()), h => h.Keys is "u" or "x");
    }

    private static EngineSnapshot Stopped()
    {
        var snap = Fixtures.Queue();
        return snap with { Queue = snap.Queue! with { Run = snap.Queue.Run with { RunnerStatus = RunnerStatus.Stopped }, RunnerAlive = false, Runner = null } };
    }

    private static (DashboardState State, DashboardEffect Effect) Press(EngineSnapshot snap, params string[] keys)
    {
        var s = new DashboardState();
        var effect = DashboardEffect.None;
        foreach (var k in keys)
        {
            (s, effect) = DashboardKeys.Apply(s, k, Facts, PaneRegistry.Default, snap);
        }

        return (s, effect);
    }
}
