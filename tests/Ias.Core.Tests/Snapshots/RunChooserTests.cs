using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>Which run a dashboard watches: --run and --latest name a queue run, --run-mode the Run Mode run, nothing the latest active one.</summary>
public sealed class RunChooserTests
{
    [Fact]
    public void A_named_queue_run_is_found_in_the_checkouts_own_queue_and_told_nothing_the_latest_active_run_is_chosen()
    {
        using var queue = new QueueFixture();
        var paths = new RunPaths(queue.Root);

        Assert.Equal("night", RunChooser.Choose(paths, null, latest: true, runMode: false, shared: null).QueueRun);
        Assert.Equal("night", RunChooser.Choose(paths, "night", latest: false, runMode: false, shared: null).QueueRun);
        var told = RunChooser.Choose(paths, null, latest: false, runMode: false, shared: null);
        Assert.Equal(("night", 1), (told.Latest?.Id, told.Runs));
        Assert.Equal(new RunChooser.Choice(null, null, 0), RunChooser.Choose(paths, null, latest: false, runMode: true, shared: null));
    }

    [Fact]
    public void Run_mode_with_a_queue_run_and_a_queue_run_before_any_run_are_refused_in_one_line()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);

        Assert.Contains("pass one of them", Assert.Throws<QueueException>(() => RunChooser.Choose(paths, "night", latest: false, runMode: true, shared: null)).Message);
        Assert.Equal("no runs yet: create one with `ias new-run NAME`", Assert.Throws<QueueException>(() => RunChooser.Choose(paths, null, latest: true, runMode: false, shared: null)).Message);
        Assert.Equal(new RunChooser.Choice(null, null, 0), RunChooser.Choose(paths, null, latest: false, runMode: false, shared: null));
    }
}
