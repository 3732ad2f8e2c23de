using System.Diagnostics;
using Ias.Core.Control;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Control;

/// <summary>Halt and resume as any process sends them: through the run database, to whichever engine holds the lock.</summary>
public sealed class EngineClientTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_halt_with_no_engine_alive_sends_nothing()
    {
        using var dir = new TempDir();
        var paths = Created(dir);

        var halt = new EngineClient(paths, new ManualClock(T0)).Halt("lunch", force: false);

        Assert.False(halt.Sent);
        Assert.Empty(Pending(paths));
    }

    [Fact]
    public void A_halt_reaches_the_live_engine_with_its_reason_and_force_and_names_the_engine()
    {
        using var dir = new TempDir();
        var paths = Created(dir);
        using var engine = EngineLock.TryAcquire(paths.EngineLock, "pid 4242 on buildbox", out _);

        var halt = new EngineClient(paths, new ManualClock(T0)).Halt("lunch", force: true);

        Assert.Equal(new HaltOutcome(true, "pid 4242 on buildbox"), halt);
        var request = Assert.Single(Pending(paths));
        Assert.Equal((ControlKind.Halt, "lunch", true, T0), (request.Kind, request.Reason, request.Force, request.At));
    }

    [Fact]
    public void An_engine_halts_itself_for_a_signal_even_before_it_holds_its_lock_but_not_without_a_database()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var client = new EngineClient(paths, new ManualClock(T0));
        Assert.False(client.HaltSelf("stopped by SIGTERM"));

        paths.EnsureCreated();
        RunStore.Open(paths.Database).Dispose();
        Assert.True(client.HaltSelf("stopped by SIGTERM"));

        var request = Assert.Single(Pending(paths));
        Assert.Equal((ControlKind.Halt, "stopped by SIGTERM", true), (request.Kind, request.Reason, request.Force));
    }

    [Fact]
    public void A_resume_to_a_live_engine_is_sent_to_it_and_starts_no_other()
    {
        using var dir = new TempDir();
        var paths = Created(dir);
        using var engine = EngineLock.TryAcquire(paths.EngineLock, "pid 4242 on buildbox", out _);
        var starter = new RecordingStarter();

        var resume = new EngineClient(paths, new ManualClock(T0)).Resume(new ResumeRequest(ResetIce: true), starter);

        Assert.Equal(new ResumeOutcome(ResumeResult.Sent, "pid 4242 on buildbox", null), resume);
        Assert.Empty(starter.Requests);
        Assert.Equal(ControlKind.Resume, Assert.Single(Pending(paths)).Kind);
    }

    [Fact]
    public void A_resume_to_an_engine_that_halted_its_run_waits_for_it_to_exit_then_starts_a_new_one()
    {
        using var dir = new TempDir();
        var paths = Created(dir, RunState.Halted);
        var engine = EngineLock.TryAcquire(paths.EngineLock, "pid 4242 on buildbox", out _)!;
        var starter = new RecordingStarter();
        var waits = new List<string?>();

        // The halted engine is on its way out: it exits while the resume waits for it.
        var client = new EngineClient(paths, new ManualClock(T0))
        {
            Waiting = holder =>
            {
                waits.Add(holder);
                engine.Dispose();
            },
        };
        var resume = client.Resume(new ResumeRequest(ResetIce: true), starter);

        Assert.Equal(["pid 4242 on buildbox"], waits);
        Assert.Equal(ResumeResult.Started, resume.Result);
        Assert.Equal([new ResumeRequest(ResetIce: true)], starter.Requests);
        Assert.Empty(Pending(paths)); // a request to the leaving engine would never have been read
    }

    [Fact]
    public void A_resume_to_a_halted_engine_that_does_not_exit_in_time_sends_and_starts_nothing()
    {
        using var dir = new TempDir();
        var paths = Created(dir, RunState.Halted);
        using var engine = EngineLock.TryAcquire(paths.EngineLock, "pid 4242 on buildbox", out _);
        var starter = new RecordingStarter();

        var resume = new EngineClient(paths, new ManualClock(T0)) { LeaveWait = TimeSpan.Zero }.Resume(new ResumeRequest(), starter);

        Assert.Equal(new ResumeOutcome(ResumeResult.Leaving, "pid 4242 on buildbox", null), resume);
        Assert.Empty(starter.Requests);
        Assert.Empty(Pending(paths));
    }

    [Fact]
    public void A_resume_to_an_engine_still_running_its_run_is_sent_at_once()
    {
        using var dir = new TempDir();
        var paths = Created(dir, RunState.Running);
        using var engine = EngineLock.TryAcquire(paths.EngineLock, "pid 4242 on buildbox", out _);
        var client = new EngineClient(paths, new ManualClock(T0)) { Waiting = _ => Assert.Fail("a running engine reads the request: nothing to wait for") };

        var resume = client.Resume(new ResumeRequest(), new RecordingStarter());

        Assert.Equal(new ResumeOutcome(ResumeResult.Sent, "pid 4242 on buildbox", null), resume);
        Assert.Equal(ControlKind.Resume, Assert.Single(Pending(paths)).Kind);
    }

    [Fact]
    public void A_resume_with_no_engine_alive_starts_one_with_the_request_and_sends_nothing()
    {
        using var dir = new TempDir();
        var paths = Created(dir);
        var starter = new RecordingStarter();

        var resume = new EngineClient(paths, new ManualClock(T0)).Resume(new ResumeRequest(ResetIce: true, Force: true), starter);

        Assert.Equal(ResumeResult.Started, resume.Result);
        Assert.Equal(Environment.ProcessId, resume.Engine!.Id);
        Assert.Equal([new ResumeRequest(true, true)], starter.Requests);
        Assert.Empty(Pending(paths));
    }

    [Fact]
    public void A_resume_with_no_engine_alive_and_no_starter_leaves_the_resume_to_the_caller()
    {
        using var dir = new TempDir();
        var paths = Created(dir);

        var resume = new EngineClient(paths, new ManualClock(T0)).Resume(new ResumeRequest(), starter: null);

        Assert.Equal(new ResumeOutcome(ResumeResult.NoEngine, null, null), resume);
        Assert.Empty(Pending(paths));
    }

    /// <summary>A repository's run state, with a current run in <paramref name="state"/> when one is given.</summary>
    private static RunPaths Created(TempDir dir, RunState? state = null)
    {
        var paths = new RunPaths(dir.Path);
        paths.EnsureCreated();
        using var store = RunStore.Open(paths.Database);
        if (state is { } s)
        {
            new RunRecords(store).SaveRun(Samples.Run() with { State = s });
        }

        return paths;
    }

    private static IReadOnlyList<ControlRequest> Pending(RunPaths paths)
    {
        using var store = RunStore.Open(paths.Database);
        return store.PendingControls();
    }

    /// <summary>Stands in for the executable's launcher: it records what it was asked and hands back this test process.</summary>
    private sealed class RecordingStarter : IEngineStarter
    {
        public List<ResumeRequest> Requests { get; } = [];

        public Process Start(RunPaths paths, ResumeRequest request)
        {
            Requests.Add(request);
            return Process.GetCurrentProcess();
        }
    }
}
