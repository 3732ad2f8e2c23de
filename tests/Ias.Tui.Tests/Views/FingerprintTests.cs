using Ias.Core.Snapshots;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// The dashboard lays a frame out only when its fingerprint changes: so a frame that would look different must change the
/// fingerprint, and a screen where nothing moves keeps it while the clock runs (an idle dashboard then costs no layout).
/// </summary>
public sealed class FingerprintTests
{
    private static readonly DashboardScreen Screen = new(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);

    public static TheoryData<string, string?> Screens() => new()
    {
        { nameof(Fixtures.Running), null },
        { nameof(Fixtures.Done), null },
        { nameof(Fixtures.Done), "report" },
        { nameof(Fixtures.Ended), null },
        { nameof(Fixtures.Complete), null },
        { nameof(Fixtures.Crashed), null },
        { nameof(Fixtures.Tripped), null },
        { nameof(Fixtures.InPlan), null },
        { nameof(Fixtures.Queue), null },
        { nameof(Fixtures.QueueTripped), null },
        { nameof(Fixtures.Inbox), "inbox" },
        { nameof(Fixtures.Past), null },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public void A_frame_that_looks_different_later_has_another_fingerprint(string fixture, string? overlay)
    {
        var state = new DashboardState { Mode = overlay is null ? Mode.Panes : new Mode.Overlay(overlay) };
        var now = Snapshot(fixture);
        foreach (var later in new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(61), TimeSpan.FromHours(2) })
        {
            var then = At(now, now.Status.Now + later);
            Assert.True(
                Screen.Fingerprint(now, state.Mode) != Screen.Fingerprint(then, state.Mode) || Frame(now, state) == Frame(then, state),
                $"{fixture} {later} later: the frame changed and its fingerprint did not, so the dashboard would not draw it");
        }
    }

    [Theory]
    [InlineData(nameof(Fixtures.Done), null)]
    [InlineData(nameof(Fixtures.Done), "report")]
    [InlineData(nameof(Fixtures.Past), null)]
    public void A_finished_runs_screen_keeps_its_fingerprint_and_its_frame_as_the_clock_runs(string fixture, string? overlay)
    {
        var mode = overlay is null ? Mode.Panes : new Mode.Overlay(overlay);
        var now = Snapshot(fixture);
        var later = At(now, now.Status.Now.AddSeconds(61));

        Assert.Equal(Screen.Fingerprint(now, mode), Screen.Fingerprint(later, mode));
        Assert.Equal(Frame(now, new DashboardState { Mode = mode }), Frame(later, new DashboardState { Mode = mode }));
    }

    [Fact]
    public void A_live_run_and_an_open_inbox_change_it_every_second()
    {
        var running = Fixtures.Running();
        Assert.NotEqual(Screen.Fingerprint(running), Screen.Fingerprint(At(running, running.Status.Now.AddSeconds(1))));

        var answered = Fixtures.Done() with { Questions = Fixtures.Inbox().Questions };
        var inbox = new Mode.Overlay("inbox");
        Assert.NotEqual(Screen.Fingerprint(answered, inbox), Screen.Fingerprint(At(answered, answered.Status.Now.AddSeconds(1)), inbox));
        Assert.Equal(Screen.Fingerprint(answered), Screen.Fingerprint(At(answered, answered.Status.Now.AddSeconds(1))));
    }

    [Fact]
    public void A_job_changing_anywhere_in_a_stopped_queue_changes_it()
    {
        var queue = Fixtures.QueueTripped();
        var dropped = queue with { Jobs = [.. queue.Jobs.Select((j, i) => i == 2 ? j with { Outcome = "dropped by a person" } : j)] };

        Assert.NotEqual(Screen.Fingerprint(queue), Screen.Fingerprint(dropped));
        Assert.Equal(Screen.Fingerprint(queue), Screen.Fingerprint(Fixtures.QueueTripped()));
    }

    private static EngineSnapshot Snapshot(string fixture) =>
        (EngineSnapshot)typeof(Fixtures).GetMethod(fixture)!.Invoke(null, null)!;

    private static EngineSnapshot At(EngineSnapshot snap, DateTimeOffset now) => snap with { Status = snap.Status with { Now = now } };

    private static string Frame(EngineSnapshot snap, DashboardState state)
    {
        var buffer = new CellBuffer(120, 40);
        Screen.Render(buffer, snap, state, Fixtures.Log(), new OverlaySight(Morning: ReportOverlayTests.Night));
        return buffer.ToText();
    }
}
