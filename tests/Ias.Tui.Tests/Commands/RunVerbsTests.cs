using System.CommandLine;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Tests.Views;

namespace Ias.Tui.Tests.Commands;

/// <summary>Which run `ias status`, `ias halt` and `ias resume` act on, and the options refused for the kind of run picked.</summary>
public sealed class RunVerbsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public RunVerbsTests()
    {
        using var store = RunStore.Open(new RunPaths(_dir.Path).Database);
        JobQueue.Create(new SqliteQueueStore(store), _dir.Path, "night", new ManualClock(Fixtures.Now));
    }

    [Fact]
    public void On_queue_runs_alone_the_verbs_name_no_run_so_the_queue_commands_read_the_newest_as_they_always_did()
    {
        Assert.Equal(new RunVerbs.Target(true, null), RunVerbs.Pick(_dir.Path, null, latest: false, runMode: false));
    }

    [Fact]
    public void Told_nothing_the_verbs_act_on_the_run_active_last_and_name_a_queue_run_they_picked()
    {
        SaveRun(Fixtures.Now.AddHours(-1));

        Assert.Equal(new RunVerbs.Target(true, "night"), RunVerbs.Pick(_dir.Path, null, latest: false, runMode: false));

        SaveRun(Fixtures.Now.AddHours(1));

        Assert.Equal(new RunVerbs.Target(false, null), RunVerbs.Pick(_dir.Path, null, latest: false, runMode: false));
    }

    [Fact]
    public void Run_and_latest_name_a_queue_run_run_mode_the_run_mode_run_and_both_are_refused()
    {
        SaveRun(Fixtures.Now.AddHours(1));

        Assert.Equal(new RunVerbs.Target(true, null), RunVerbs.Pick(_dir.Path, "night", latest: false, runMode: false));
        Assert.Equal(new RunVerbs.Target(true, null), RunVerbs.Pick(_dir.Path, null, latest: true, runMode: false));
        Assert.Equal(new RunVerbs.Target(false, null), RunVerbs.Pick(_dir.Path, null, latest: false, runMode: true));
        Assert.Throws<QueueException>(() => RunVerbs.Pick(_dir.Path, "night", latest: false, runMode: true));
    }

    [Fact]
    public async Task A_run_mode_option_on_a_queue_run_is_refused_in_one_line_and_no_stop_is_asked()
    {
        Assert.Equal(
            "ias: --force applies to the Run Mode run, and `ias halt` picked a queue run: pass --run-mode for the Run Mode run, or leave --force out",
            await FailAsync(RunVerbs.Halt(), "halt", "--force"));
        using var store = RunStore.Open(new RunPaths(_dir.Path).Database);
        Assert.False(new SqliteQueueStore(store).QueueRuns().Single().StopRequested);
    }

    [Fact]
    public async Task A_queue_option_on_the_run_mode_run_is_refused_in_one_line()
    {
        Assert.Equal(
            "ias: --watch applies to a queue run, and `ias status` picked the Run Mode run: pass --run NAME for a queue run, or leave --watch out",
            await FailAsync(RunVerbs.Status(), "status", "--run-mode", "--watch"));
        Assert.Equal(
            "ias: --reset-ice applies to the Run Mode run, and `ias resume` picked a queue run: pass --run-mode for the Run Mode run, or leave --reset-ice out",
            await FailAsync(RunVerbs.Resume(), "resume", "--run", "night", "--reset-ice"));
    }

    [Theory]
    [InlineData("run-status", "same as `ias status --run-mode`")]
    [InlineData("run-halt", "same as `ias halt --run-mode`")]
    [InlineData("run-resume", "same as `ias resume --run-mode`")]
    [InlineData("stop", "same as `ias halt --run NAME`")]
    public void The_old_commands_say_which_verb_they_are(string command, string verb)
    {
        Assert.EndsWith(verb, Cli.Build().Subcommands.Single(c => c.Name == command).Description);
    }

    public void Dispose() => _dir.Dispose();

    private void SaveRun(DateTimeOffset lastActive)
    {
        using var store = RunStore.Open(new RunPaths(_dir.Path).Database);
        new RunRecords(store).SaveRun(Fixtures.Done().Status.Run! with { RunId = $"run-{lastActive.Ticks}", Started = lastActive.AddHours(-1), LastActivity = lastActive });
    }

    private async Task<string> FailAsync(Command verb, params string[] args)
    {
        using var stderr = new StringWriter();
        var code = await Invocation.RunAsync(new RootCommand { Cli.Repo, verb }, ["--repo", _dir.Path, .. args], stderr).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Invocation.Failed, code);
        return stderr.ToString().TrimEnd('\n');
    }
}
