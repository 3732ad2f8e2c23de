using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Tests.Dashboard;

namespace Ias.Tui.Tests.Commands;

/// <summary>`ias drop-in` with several runs at work: it takes the one `--run` names, and without a name it asks for one.</summary>
public sealed class DropInLaneTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public DropInLaneTests()
    {
        // Two runs left RUNNING by engines that were killed: both may be dropped into, neither is halted again.
        var paths = new RunPaths(_repo.Path);
        ParallelRunsDashboardTests.Working(paths, null, 1).Dispose();
        ParallelRunsDashboardTests.Working(paths, "feature-sprint-2", 2).Dispose();
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Named_by_its_branch_it_opens_that_run_and_the_way_back_names_it_again()
    {
        var said = new List<string>();

        var dropIn = DropIn.Prepare(_repo.Path, shell: true, said.Add, run: "feature/sprint-2");

        Assert.Equal(("run-2", "feature-sprint-2"), (dropIn.RunId, dropIn.Lane));
        Assert.Empty(said); // no engine to halt
        Assert.Equal(
            "back from a shell (exit 0); run run-2 is RUNNING: `ias run-resume --run feature/sprint-2` continues it, `ias dashboard --run feature/sprint-2` watches it",
            dropIn.Back(0));
        var first = DropIn.Prepare(_repo.Path, shell: true, said.Add, run: "sprint-1");
        Assert.Equal(("run-1", (string?)null), (first.RunId, first.Lane));
    }

    [Fact]
    public void Unnamed_with_two_runs_at_work_it_is_refused_in_one_line_that_lists_them()
    {
        var refused = Assert.Throws<RunModeException>(() => DropIn.Prepare(_repo.Path, shell: true, _ => { }));

        Assert.Equal(
            "2 runs are at work here (sprint-1 on feature/sprint-1, sprint-2 on feature/sprint-2): name one with `ias drop-in --run BRANCH`",
            refused.Message);
    }
}
