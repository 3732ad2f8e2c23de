using System.Text.Json;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>Every agent call of a run, a retry or a bug's triage asks the one gate first: the hourly rate limit is never passed.</summary>
public sealed class CallGateTests
{
    private const string Config = "run_mode:\n  enabled: true\n  rate_limiting:\n    calls_per_hour: {0}\nagents:\n  default:\n    agent: sim\n";

    [Fact]
    public async Task Retries_of_an_overloaded_agent_ask_the_limit_too_and_wait_at_it()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, 3));
        var overloaded = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "overloaded"}]}""");
        await using var engine = IasProcess.Start(repo.Path, overloaded, "run", "sprint-1", "--headless");

        await engine.WaitForLineAsync("hourly limit of 3 calls reached");

        // Without the gate in the retries the backoff would have started all five attempts of the step.
        AssertAtMostTheLimitEachHour(repo, 3);
        Assert.Equal(3, AgentProcessesStarted(repo));
        var state = Json(repo, "state.json");
        Assert.Equal("RATE_LIMITED", state.GetProperty("phase").GetString());
        Assert.Equal("IMPLEMENT", state.GetProperty("resume_phase").GetString());
        await HaltAsync(repo, engine);
    }

    [Fact]
    public async Task Review_findings_that_make_cycle_after_cycle_stop_at_the_limit_until_the_hour_ends()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, 3));
        var findings = await Scenario.WriteAsync(repo, """{"review_findings_cycles": [1, 2, 3, 4]}""");
        await using var engine = IasProcess.Start(repo.Path, findings, "run", "sprint-1", "--headless");

        await engine.WaitForLineAsync("hourly limit of 3 calls reached");

        AssertAtMostTheLimitEachHour(repo, 3);
        Assert.Equal(3, AgentProcessesStarted(repo));
        Assert.Equal("REVIEW", Json(repo, "state.json").GetProperty("resume_phase").GetString());
        await HaltAsync(repo, engine);
    }

    [Fact]
    public async Task A_bugs_triage_counts_against_the_hour_like_every_other_call()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, 1));
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var env = RunGit.Env(gh.SearchPath, await Scenario.WriteAsync(repo, "{}"));
        await using var engine = IasProcess.Start(repo.Path, env, "run", "--bug", "The counter skips one", "--headless");

        await engine.WaitForLineAsync("hourly limit of 1 calls reached");

        AssertAtMostTheLimitEachHour(repo, 1);
        Assert.Equal(1, AgentProcessesStarted(repo));
        Assert.EndsWith("-triage", Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs"))));
        await HaltAsync(repo, engine);
    }

    [Fact]
    public async Task A_run_and_a_queue_runner_at_work_together_share_the_hour_and_never_pass_its_limit()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, 3));
        var findings = await Scenario.WriteAsync(repo, """{"review_findings_cycles": [1, 2, 3, 4]}""");
        Assert.Equal(0, (await repo.IasAsync(findings, "new-run", "night")).Code);
        Assert.Equal(0, (await repo.IasAsync(findings, "init", "--run", "night")).Code);
        foreach (var n in Enumerable.Range(1, 4))
        {
            Assert.Equal(0, (await repo.IasAsync(findings, "enqueue", "--run", "night", "--role", "reviewer", "--prompt", $"Read part {n}.")).Code);
        }

        await using var engine = IasProcess.Start(repo.Path, findings, "run", "sprint-1", "--headless");
        await using var runner = IasProcess.Start(repo.Path, findings, "run-loop", "--run", "night");

        // Each waits at the limit once the hour's three calls are gone, whichever of them made them.
        await engine.WaitForLineAsync("hourly limit of 3 calls reached");
        await runner.WaitForLineAsync("hourly limit of 3 calls reached");

        AssertAtMostTheLimitEachHour(repo, 3);
        var queueCalls = Directory.GetDirectories(repo.File("docs", "ias", "runs", "night", "runner", "jobs"), "attempt-*", SearchOption.AllDirectories).Length;
        Assert.Equal(3, AgentProcessesStarted(repo) + queueCalls);
        Assert.Equal(0, (await repo.IasAsync("stop", "--run", "night")).Code);
        Assert.Equal(0, await runner.ExitAsync(TimeSpan.FromSeconds(30)));
        await HaltAsync(repo, engine);
    }

    [Fact]
    public async Task A_usage_limit_a_queue_job_meets_parks_a_runs_calls_of_the_same_cli_until_its_reset()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, 100));
        var limited = await Scenario.WriteAsync(repo, """{"fail": [{"role": "reviewer", "cycle": 1, "mode": "usage_limit"}]}""");
        Assert.Equal(0, (await repo.IasAsync(limited, "new-run", "night")).Code);
        Assert.Equal(0, (await repo.IasAsync(limited, "init", "--run", "night")).Code);
        Assert.Equal(0, (await repo.IasAsync(limited, "enqueue", "--run", "night", "--role", "reviewer", "--prompt", "Meet the limit.")).Code);
        await repo.IasAsync(limited, "run-once", "--run", "night");

        await using var engine = IasProcess.Start(repo.Path, limited, "run", "sprint-1", "--headless");

        // The sim's limit resets in an hour: the run's implementer waits it out in RATE_LIMITED, and no agent starts meanwhile.
        await engine.WaitForLineAsync("sim's usage limit, met by another call of this repository, lasts until ");
        Assert.Equal(0, AgentProcessesStarted(repo));
        Assert.Equal("RATE_LIMITED", Json(repo, "state.json").GetProperty("phase").GetString());
        await HaltAsync(repo, engine);
    }

    /// <summary>The agent processes started, each in its own job directory.</summary>
    private static int AgentProcessesStarted(TestRepo repo) =>
        Directory.Exists(repo.File(".run", "jobs")) ? Directory.GetDirectories(repo.File(".run", "jobs")).Length : 0;

    /// <summary>The calls recorded in ias.db, per clock hour of their start, and the saved window, never above <paramref name="limit"/>.</summary>
    private static void AssertAtMostTheLimitEachHour(TestRepo repo, int limit)
    {
        using (var store = RunStore.Open(repo.File(".run", "ias.db")))
        {
            var calls = new RunRecords(store).AgentCallsSince(DateTimeOffset.UnixEpoch);
            Assert.NotEmpty(calls);
            Assert.All(calls.GroupBy(c => c.Started.UtcTicks / TimeSpan.TicksPerHour), hour => Assert.True(hour.Count() <= limit, $"{hour.Count()} calls in one hour"));
        }

        var rate = Json(repo, "rate-limit.json");
        Assert.Equal(limit, rate.GetProperty("limit").GetInt32());
        Assert.True(rate.GetProperty("calls_this_hour").GetInt32() <= limit, rate.ToString());
    }

    private static async Task HaltAsync(TestRepo repo, IasProcess engine)
    {
        Assert.Equal(0, (await repo.IasAsync("run-halt")).Code);
        Assert.Equal(1, await engine.ExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static JsonElement Json(TestRepo repo, string file) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", file))).RootElement.Clone();
}
