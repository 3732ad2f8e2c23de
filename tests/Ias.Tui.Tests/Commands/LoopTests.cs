using System.Text.Json;
using Ias.Core.Cycles;
using Ias.Core.Storage;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Commands;

/// <summary>How the loop treats agents that time out, crash, print garbage or are not signed in.</summary>
public sealed class LoopTests
{
    [Fact]
    public async Task An_implement_phase_that_times_out_after_editing_files_counts_as_progress()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n  implementer:\n    turn_timeout_minutes: 0.05\n");
        var env = await Scenario.WriteAsync(repo, """{"slow_ms": 500, "fail": [{"role": "implementer", "cycle": 1, "mode": "slow"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var current = store.CurrentRun()!;
        var first = store.Phases(current.RunId).First();
        Assert.Equal((1, Phase.Implement, "ended:Timeout"), (first.Cycle, first.Phase, first.Outcome));
        Assert.True(first.FilesChanged > 0);
        Assert.Equal(current.CycleCurrent, current.Commits);
        var breaker = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement;
        Assert.Empty(breaker.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task A_crashing_agent_is_retried_then_the_run_halts_naming_the_failure_and_where_its_logs_are()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "crash"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        Assert.Contains("implementer failed 3 times", run.Out);
        Assert.Contains("attempt 1/3 failed: Crash", run.Out);
        var jobs = Directory.GetDirectories(repo.File(".run", "jobs"));
        Assert.Equal(3, jobs.Length);
        Assert.All(jobs, j =>
        {
            Assert.True(File.Exists(Path.Combine(j, "prompt.md")));
            Assert.True(File.Exists(Path.Combine(j, "stdout.jsonl")));
            Assert.NotEqual("0", File.ReadAllText(Path.Combine(j, "exit_code")));
            Assert.NotEmpty(File.ReadAllText(Path.Combine(j, "stderr.log")));
        });

        var status = await repo.IasAsync("run-status", "--json");
        Assert.Equal(1, status.Code);
        Assert.Equal("HALTED", JsonDocument.Parse(status.Out).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_agent_that_is_not_signed_in_halts_at_once_with_what_to_do()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "reviewer", "mode": "auth"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        Assert.Contains("not logged in to sim", run.Out);
        Assert.Contains("log in to sim once by hand", run.Out);
        Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs")), d => d.Contains("-review-"));
    }

    [Fact]
    public async Task Garbage_lines_in_the_agent_stream_do_not_stop_the_run()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "mode": "garbage"}, {"role": "reviewer", "mode": "garbage"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Contains("JACKED_OUT", run.Out);
    }

    [Fact]
    public async Task Deleted_files_are_logged_with_sprint_and_cycle()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"delete_files_cycle": 2}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Equal(["sim/sprint-1/feature.txt|sprint-1|cycle-2"], File.ReadAllLines(repo.File(".run", "deleted-files.log")));
    }
}
