using System.CommandLine;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Tests.Dashboard;

namespace Ias.Tui.Tests.Commands;

/// <summary>`ias run-halt --all`: a halt to every run at work in the repository, each in its own lane.</summary>
public sealed class RunHaltAllTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task It_sends_a_halt_to_each_lane_whose_engine_works_and_to_no_other()
    {
        var repo = new RunPaths(_dir.Path);
        using var first = ParallelRunsDashboardTests.Working(repo, null, 1);
        using var third = ParallelRunsDashboardTests.Working(repo, "feature-sprint-3", 3);
        ParallelRunsDashboardTests.Working(repo, "feature-sprint-2", 2).Dispose(); // its engine was killed

        var (code, _) = await RunAsync("run-halt", "--all", "--reason", "stopping for the night");

        Assert.Equal(0, code);
        using var store = RunStore.Open(repo.Database);
        Assert.Equal(["stopping for the night"], store.PendingControls().Select(c => c.Reason));
        Assert.Equal(["stopping for the night"], store.PendingControls("feature-sprint-3").Select(c => c.Reason));
        Assert.Empty(store.PendingControls("feature-sprint-2"));
    }

    [Fact]
    public async Task With_no_engine_at_work_it_says_so_and_with_a_run_named_it_is_refused()
    {
        ParallelRunsDashboardTests.Working(new RunPaths(_dir.Path), null, 1).Dispose();

        Assert.Equal(1, (await RunAsync("run-halt", "--all")).Code);
        var (code, stderr) = await RunAsync("run-halt", "--all", "--run", "feature/sprint-1");
        Assert.Equal(Invocation.Failed, code);
        Assert.StartsWith("ias: --all halts every run at work, so it takes neither --run nor --jack-out", stderr);
    }

    private async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        using var stderr = new StringWriter();
        var code = await Invocation.RunAsync(new RootCommand { Cli.Repo, HaltCommand.Create() }, ["--repo", _dir.Path, .. args], stderr).WaitAsync(TimeSpan.FromSeconds(30));
        return (code, stderr.ToString());
    }
}
