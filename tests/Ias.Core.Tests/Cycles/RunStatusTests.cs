using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>The exit codes of `ias run-status --json`, which scripts rely on.</summary>
public sealed class RunStatusTests
{
    [Theory]
    [InlineData(RunState.JackedOut, false, 0)]
    [InlineData(RunState.Complete, true, 0)] // the live engine is publishing it now
    [InlineData(RunState.Complete, false, 3)] // left COMPLETE: its push or draft PR failed
    [InlineData(RunState.Running, true, 1)]
    [InlineData(RunState.Halted, false, 1)]
    public void The_exit_code_says_finished_running_or_halted_and_passed_but_not_published(RunState state, bool engineAlive, int code)
    {
        var status = new RunStatus(Samples.Run() with { State = state, HaltReason = null }, null, null, engineAlive, null, Samples.Start);

        Assert.Equal(code, status.ExitCode);
    }

    [Fact]
    public void A_run_ended_after_a_halt_exits_2_since_it_was_abandoned_not_finished()
    {
        var ended = Samples.Run() with { State = RunState.JackedOut, HaltReason = "not worth it (halted: breaker open)" };

        Assert.Equal(2, new RunStatus(ended, null, null, false, null, Samples.Start).ExitCode);
    }

    [Fact]
    public void No_run_exits_2()
    {
        Assert.Equal(2, new RunStatus(null, null, null, false, null, Samples.Start).ExitCode);
    }
}
