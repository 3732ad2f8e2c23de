using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>How the loop treats agents that time out, crash, print garbage or are not signed in.</summary>
public sealed class LoopTests
{
    [Fact]
    public async Task An_implement_phase_that_times_out_after_editing_files_counts_as_progress()
    {
        using var repo = new TestRepo();
        // The implementer edits, then hangs until the turn limit stops it; 12 s leave a loaded machine time to start the agent.
        await repo.SetConfigAsync("run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n  implementer:\n    turn_timeout_minutes: 0.2\n");
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "hang_after_work"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var current = new RunRecords(store).CurrentRun()!;
        var first = new RunRecords(store).Phases(current.RunId).First();
        Assert.Equal((1, Phase.Implement, "ended:Timeout"), (first.Cycle, first.Phase, first.Outcome));
        Assert.True(first.FilesChanged > 0);
        Assert.Equal(current.CycleCurrent + 1, current.Commits); // each cycle's, and the COMPLETED commit
        var breaker = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement;
        Assert.Empty(breaker.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task A_crashing_agent_is_retried_once_then_the_run_halts_naming_the_failure_and_where_its_logs_are()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "crash"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        Assert.Contains("implementer failed 2 times", run.Out);
        Assert.Contains("attempt 1/2 failed: Crash", run.Out);
        var jobs = Directory.GetDirectories(repo.File(".run", "jobs"));
        Assert.Equal(2, jobs.Length);
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

    [Theory]
    [InlineData("billing", "sim's account was refused: no credits, billing off or access denied (Credit balance is too low)")]
    [InlineData("config_error", "sim refused its command line (exited 1 without a result event: error: unknown option '--bogus-flag')")]
    public async Task A_failure_no_retry_can_fix_halts_at_once_with_the_clis_own_words(string mode, string reason)
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, $$"""{"fail": [{"role": "implementer", "mode": "{{mode}}"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        Assert.Contains(reason, run.Out);
        Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs")));
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        Assert.Empty(new RunRecords(store).CurrentRun()!.CycleHistory);
    }

    [Fact]
    public async Task An_overloaded_api_is_retried_five_times_with_growing_waits_and_never_counts_as_a_cycle()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "reviewer", "cycle": 1, "mode": "overloaded"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        Assert.Contains("reviewer failed 5 times (last: Transient", run.Out);
        Assert.Equal(5, Directory.GetDirectories(repo.File(".run", "jobs")).Count(d => d.Contains("-review-", StringComparison.Ordinal)));
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var runs = new RunRecords(store);
        var waits = runs.Events(runs.CurrentRun()!.RunId).Where(e => e.Kind == "agent-retry").ToList();
        Assert.Equal(4, waits.Count);
        Assert.Equal(["attempt 1/5", "attempt 2/5", "attempt 3/5", "attempt 4/5"], waits.Select(e => System.Text.RegularExpressions.Regex.Match(e.Message, @"attempt \d/5").Value));
        var seconds = waits.Select(e => double.Parse(System.Text.RegularExpressions.Regex.Match(e.Message, @"retrying in ([\d.]+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(seconds.Sum() >= 4, string.Join(", ", seconds));
        var breaker = JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement;
        Assert.Empty(breaker.GetProperty("history").EnumerateArray());
        Assert.Equal(0, breaker.GetProperty("triggers").GetProperty("no_progress").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task An_implementer_stopped_by_max_turns_ends_its_step_incomplete_and_the_sprint_goes_on()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "max_turns"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.True(run.Code == 0, run.Out + run.Err);
        using var store = RunStore.Open(repo.File(".run", "ias.db"));
        var runs = new RunRecords(store);
        var first = runs.Phases(runs.CurrentRun()!.RunId).First();
        Assert.Equal((1, Phase.Implement, "ended:Incomplete"), (first.Cycle, first.Phase, first.Outcome));
        Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs")), d => d.Contains("-c1-implement-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reviewer_stopped_by_max_turns_halts_the_run_naming_why()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "reviewer", "mode": "max_turns"}]}""");

        var run = await repo.IasAsync(env, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        Assert.Contains("the reviewer ended incomplete without a verdict (error_max_turns)", run.Out);
        Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs")), d => d.Contains("-review-", StringComparison.Ordinal));
    }
}
