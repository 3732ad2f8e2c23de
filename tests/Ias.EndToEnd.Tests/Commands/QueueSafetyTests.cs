using System.Globalization;
using System.Text.Json.Nodes;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// A queue run's jobs pass the gate Run Mode's calls pass: the hourly rate limit, the spend caps and the circuit breaker,
/// through the real `ias` and the simulated agent. A job the gate refuses stays pending with no attempt spent.
/// </summary>
public sealed class QueueSafetyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private const string Agents = "agents:\n  default: { agent: sim }\n";

    [Fact]
    public async Task With_calls_per_hour_2_exactly_two_job_turns_go_through_then_the_runner_waits_and_the_rest_stay_pending()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.SetConfigAsync(Agents + "run_mode:\n  rate_limiting:\n    calls_per_hour: 2\n");
        for (var i = 1; i <= 4; i++)
        {
            await repo.EnqueueAsync("reviewer", "Review the greeting.");
        }

        await using var runner = repo.Start("run-loop", "--run", repo.Run);
        await runner.WaitForLineAsync("waits: hourly limit of 2 calls reached", Timeout);

        // A waiting runner still hears `ias stop`.
        await repo.OkAsync("stop", "--run", repo.Run);
        Assert.Equal(0, await runner.ExitAsync(Timeout));

        // The limit is a clock hour's: two calls in the hour the runner waits in, and never more in any hour. (A run that
        // crosses an hour may pass two in the hour before too: then more jobs are done, each hour still at two.)
        var calls = AgentCalls(repo);
        var hours = calls.GroupBy(c => HourOf(c.Started)).ToList();
        Assert.All(hours, h => Assert.True(h.Count() <= 2, $"{h.Count()} calls in the hour from {h.Key:O}"));
        var rate = (await StatusAsync(repo))["rate_limit"]!;
        var current = DateTimeOffset.Parse((string)rate["current_hour"]!, CultureInfo.InvariantCulture);
        Assert.Equal((2, 2, 2, 1), (hours.Single(h => h.Key == current).Count(), (int)rate["calls_this_hour"]!, (int)rate["limit"]!, (int)rate["consecutive_waits"]!));

        var jobs = await repo.JobsAsync();
        Assert.Equal(Enumerable.Range(0, 4).Select(i => i < calls.Count ? "done" : "pending"), jobs.Values.Select(j => (string)j["state"]!));
        Assert.All(jobs.Values.Where(j => (string)j["state"]! == "pending"), j => Assert.Equal(0, (int)j["attempts"]!));
        await repo.AssertMirrorAgreesAsync();
    }

    private static DateTimeOffset HourOf(DateTimeOffset t) => new(t.UtcDateTime.Date.AddHours(t.UtcDateTime.Hour), TimeSpan.Zero);

    [Fact]
    public async Task A_run_cap_stops_the_runner_before_the_job_that_could_pass_it_with_one_line_and_the_rest_pending()
    {
        using var repo = await QueueRepo.CreateAsync();
        var cost = await OneJobCostAsync(repo);
        await repo.SetConfigAsync(Agents + $"ias:\n  budget:\n    run_usd: {Usd(cost * 2.5m)}\n");
        for (var i = 1; i <= 4; i++)
        {
            await repo.EnqueueAsync("reviewer", "Review the greeting.");
        }

        var loop = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Equal(1, loop.Code);
        var line = Assert.Single(loop.Out.Split('\n'), l => l.Contains("stopped before its next job", StringComparison.Ordinal));
        Assert.Contains("budget: this run spent", line);
        Assert.Contains($"against its cap per run of {Ias.Core.Safety.SpendCaps.Money(decimal.Parse(Usd(cost * 2.5m), CultureInfo.InvariantCulture))} (ias.budget.run_usd); raise ias.budget.run_usd in .loa.config.yaml, then `ias run-loop --run {repo.Run}`", line);
        var jobs = await repo.JobsAsync();
        Assert.Equal(["done", "done", "pending", "pending", "pending"], jobs.Values.Select(j => (string)j["state"]!));
        Assert.All(jobs.Values.Where(j => (string)j["state"]! == "pending"), j => Assert.Equal(0, (int)j["attempts"]!));
        var spent = jobs.Values.Sum(j => (decimal?)j["usage"]?["cost_usd"] ?? 0m);
        Assert.True(spent <= cost * 2.5m, $"spent {spent} against a cap of {cost * 2.5m}");
        Assert.Equal("stopped", (string)(await StatusAsync(repo))["status"]!);
    }

    [Fact]
    public async Task A_daily_cap_counts_queue_jobs_and_halts_a_run_mode_run_of_the_same_day_before_its_first_call()
    {
        using var repo = await QueueRepo.CreateAsync();
        var cost = await OneJobCostAsync(repo);
        // Below what the day's one job cost: neither the queue's next job nor Run Mode's first call may start.
        await repo.SetConfigAsync(Agents + $"run_mode:\n  enabled: true\nias:\n  budget:\n    daily_usd: {Usd(cost / 2)}\n");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        var loop = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Equal(1, loop.Code);
        Assert.Contains("budget: this repository's agents spent", loop.Out);
        Assert.Contains("(ias.budget.daily_usd)", loop.Out);
        Assert.Equal("pending", (string)(await repo.JobsAsync())["0002-reviewer"]["state"]!);

        // Run Mode's gate reads the same calls table: the queue's job counts against its day too.
        var run = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.Equal(1, run.Code);
        Assert.Contains("halted: budget: this repository's agents spent", run.Out);
        Assert.Single(AgentCalls(repo));
    }

    [Fact]
    public async Task Failing_jobs_in_a_row_trip_the_breaker_the_runner_stops_claiming_and_reset_breaker_goes_on()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync(Failing(1, 2, 3, 4, 5));
        for (var i = 1; i <= 5; i++)
        {
            await repo.EnqueueAsync("reviewer", "Review the greeting.");
        }

        var loop = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        // The default same_issue_threshold of 3: the third identical failure trips it, and no fourth job starts.
        Assert.Equal(1, loop.Code);
        var line = Assert.Single(loop.Out.Split('\n'), l => l.Contains("stopped before its next job", StringComparison.Ordinal));
        Assert.Contains("circuit breaker OPEN (same_issue: the same failure 3 times in a row (threshold 3)", line);
        Assert.EndsWith($"fix the cause, then `ias run-loop --run {repo.Run} --reset-breaker`", line.TrimEnd());
        var jobs = await repo.JobsAsync();
        Assert.Equal(["failed", "failed", "failed", "pending", "pending"], jobs.Values.Select(j => (string)j["state"]!));
        var status = await StatusAsync(repo);
        Assert.Equal("OPEN", (string)status["breaker"]!["state"]!);
        Assert.Equal("same_issue", (string)status["breaker"]!["history"]![0]!["trigger"]!);

        // Started again without the reset, it claims nothing.
        var again = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.Equal(1, again.Code);
        Assert.Contains("circuit breaker OPEN (same_issue", again.Out);
        Assert.Equal(3, AgentCalls(repo).Count);

        await repo.ScenarioAsync("{}");
        var reset = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle", "--reset-breaker");

        Assert.True(reset.Code == 0, reset.Out + reset.Err);
        Assert.Contains("circuit breaker of night reset by --reset-breaker: HALF_OPEN until one job is done", reset.Out);
        jobs = await repo.JobsAsync();
        Assert.Equal(["done", "done"], jobs.Values.Skip(3).Select(j => (string)j["state"]!));
        Assert.Equal("CLOSED", (string)(await StatusAsync(repo))["breaker"]!["state"]!);
        await repo.AssertMirrorAgreesAsync();
    }

    /// <summary>A scenario whose reviewer fails for a bad key in the jobs of these sequence numbers: a failure no retry helps.</summary>
    private static string Failing(params int[] seqs) =>
        "{\"fail\": [" + string.Join(", ", seqs.Select(n => $"{{\"role\": \"reviewer\", \"cycle\": {n}, \"mode\": \"auth\"}}")) + "]}";

    /// <summary>Runs one reviewer job without a cap and returns what it cost: the sim agent's price of one such turn.</summary>
    private static async Task<decimal> OneJobCostAsync(QueueRepo repo)
    {
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-once", "--run", repo.Run);
        var cost = (decimal)(await repo.JobsAsync())["0001-reviewer"]["usage"]!["cost_usd"]!;
        Assert.True(cost > 0);
        return cost;
    }

    private static string Usd(decimal usd) => Math.Round(usd, 6).ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonObject> StatusAsync(QueueRepo repo) =>
        JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", repo.Run))!.AsObject();

    /// <summary>The agent calls recorded in the checkout's ias.db, Run Mode's and the queue's alike.</summary>
    private static IReadOnlyList<AgentCallRecord> AgentCalls(QueueRepo repo)
    {
        using var store = RunStore.Open(Path.Combine(repo.Path, ".run", "ias.db"));
        return new RunRecords(store).AgentCallsSince(DateTimeOffset.UnixEpoch);
    }
}
