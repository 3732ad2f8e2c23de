using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// The header of a queue run tells a running runner from a stopped one and from a lost one (not heard from for longer than a
/// lease), as Core's runner status says, on a checkout's own queue and on a team's; one golden file holds each state's line
/// at 80 and 40 columns.
/// </summary>
public sealed class QueueRunnerHeaderTests
{
    private static readonly DateTimeOffset Now = Fixtures.Now;

    [Fact]
    public void The_header_says_RUNNING_STOPPED_or_LOST_as_the_runners_status_is()
    {
        var lines = States().SelectMany(s => new[] { 80, 40 }.Select(w => $"{s.Name,-34} {w,3}: {Header(s.Snap, w)}"));
        GoldenScreen.Assert("queue-runner-header", string.Join("\n", lines));
    }

    [Fact]
    public void A_stopped_team_run_whose_only_runner_is_lost_reads_LOST_not_RUNNING()
    {
        var header = Header(Team([Runner("pid 9 on box-b in /srv/web", RunnerStatus.Lost)]), 80);
        Assert.StartsWith("ias  LOST  │", header);
        Assert.DoesNotContain("RUNNING", header);
    }

    [Fact]
    public void A_team_run_with_one_runner_at_work_and_one_lost_reads_RUNNING()
    {
        var header = Header(Team([Runner("pid 7 on box-a in /srv/web", RunnerStatus.Running), Runner("pid 9 on box-b in /srv/web", RunnerStatus.Lost)]), 80);
        Assert.StartsWith("ias  RUNNING  │", header);
    }

    [Fact]
    public void A_checkout_runner_whose_status_Core_reports_lost_reads_LOST_though_its_process_holds_the_lock()
    {
        var snap = Own(RunnerStatus.Lost, alive: true);
        Assert.StartsWith("ias  LOST  │", Header(snap, 80));
    }

    private static IEnumerable<(string Name, EngineSnapshot Snap)> States() =>
    [
        ("own queue, runner running", Own(RunnerStatus.Running, alive: true)),
        ("own queue, no runner", Own(RunnerStatus.Stopped, alive: false)),
        ("own queue, runner lost", Own(RunnerStatus.Lost, alive: true)),
        ("team queue, one running", Team([Runner("pid 7 on box-a in /srv/web", RunnerStatus.Running)])),
        ("team queue, every runner stopped", Team([Runner("pid 7 on box-a in /srv/web", RunnerStatus.Stopped)])),
        ("team queue, its runner lost", Team([Runner("pid 9 on box-b in /srv/web", RunnerStatus.Lost)])),
    ];

    private static RunnerRow Runner(string owner, RunnerStatus status) =>
        new(owner, status, status == RunnerStatus.Running ? "0006-implementer" : null, Now.AddMinutes(status == RunnerStatus.Lost ? -40 : -1));

    private static EngineSnapshot Own(RunnerStatus status, bool alive)
    {
        var snap = Fixtures.Queue();
        var queue = snap.Queue! with { Run = snap.Queue!.Run with { RunnerStatus = status }, RunnerAlive = alive, Runner = alive ? "pid 77 on buildbox" : null };
        return snap with { Queue = queue };
    }

    /// <summary>A shared queue as the dashboard reads it: the run's status is what its active runners do, alive when any is active.</summary>
    private static EngineSnapshot Team(IReadOnlyList<RunnerRow> runners)
    {
        var snap = Fixtures.Queue();
        var active = runners.Where(r => r.Active).ToList();
        var doing = active.FirstOrDefault()?.Status ?? RunnerStatus.Stopped;
        var who = active.Count == 0 ? "no runner active" : $"{active.Count} runner(s) active";
        var queue = snap.Queue! with { Run = snap.Queue!.Run with { RunnerStatus = doing }, RunnerAlive = active.Count > 0, Runner = who, Runners = runners };
        return snap with { Queue = queue };
    }

    private static string Header(EngineSnapshot snap, int width)
    {
        var buffer = new CellBuffer(width, 24);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, snap, new DashboardState(), Fixtures.Log());
        return buffer.ToText().Split('\n')[0].TrimEnd();
    }
}
