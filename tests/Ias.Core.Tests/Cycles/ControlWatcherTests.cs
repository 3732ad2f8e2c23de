using Ias.Core.Cycles.Live;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

public sealed class ControlWatcherTests
{
    [Fact]
    public async Task A_halt_written_between_two_background_polls_is_seen_when_the_engine_polls_at_a_phase_boundary()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var user = RunStore.Open(paths.Database);
        // A resume with no halt pending changes nothing; it only shows when the watcher's first background poll has run.
        user.RequestControl(ControlKind.Resume, Samples.Start);
        var firstPoll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var watcher = new ControlWatcher(paths, TimeProvider.System, "engine-test", TimeSpan.FromHours(1), _ => firstPoll.TrySetResult());
        await firstPoll.Task.WaitAsync(TimeSpan.FromSeconds(30));

        user.RequestControl(ControlKind.Halt, Samples.Start.AddSeconds(1), "lunch");
        Assert.False(watcher.HaltRequested); // the next background poll is an hour away

        watcher.Poll();

        Assert.True(watcher.HaltRequested);
        Assert.Equal("lunch", watcher.HaltReason);
        Assert.Empty(user.PendingControls());
    }
}
