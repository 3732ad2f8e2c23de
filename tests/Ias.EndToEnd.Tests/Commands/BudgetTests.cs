using System.Globalization;
using System.Text.Json;
using Ias.Core.Safety;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The spend caps halt a real run before the call that would pass them, and only a raised cap or a new day lets it go on.</summary>
public sealed class BudgetTests
{
    private const string Config = "run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n";

    // hounfour's own keys beside the two ias reads, which must pass without a warning.
    private const string Hounfour = """
        hounfour:
          providers:
            openai:
              model: gpt
          metering:
            enabled: {0}
            ledger: .hounfour/ledger.jsonl
            budget:
              daily_micro_usd: 1
              warn_at_percent: 80

        """;

    [Fact]
    public async Task A_daily_budget_of_one_micro_usd_with_metering_on_halts_after_the_first_call_with_one_line()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config + string.Format(Hounfour, "true"));

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        RunGit.AssertExit(1, run);
        Assert.Equal(1, AgentCalls(repo));
        var line = Assert.Single(run.Out.Split('\n'), l => l.Contains("halted: budget:", StringComparison.Ordinal));
        Assert.Contains("against the cap per UTC day of $0.000001 (hounfour.metering.budget.daily_micro_usd)", line);
        Assert.Contains("raise hounfour.metering.budget.daily_micro_usd in .loa.config.yaml, then `ias run-resume --reload-config`, or `ias run-resume` after 00:00 UTC", line);
        Assert.DoesNotContain("unknown key", run.Err + run.Out);
        var state = Json(repo, "state.json");
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Equal("CLOSED", Json(repo, "circuit-breaker.json").GetProperty("state").GetString());

        var status = JsonDocument.Parse((await repo.IasAsync("run-status", "--json")).Out).RootElement.GetProperty("budget");
        Assert.Equal(0.000001m, status.GetProperty("daily_cap_usd").GetDecimal());
        Assert.Equal("hounfour.metering.budget.daily_micro_usd", status.GetProperty("daily_cap_key").GetString());
        Assert.True(status.GetProperty("today_spent_usd").GetDecimal() > 0);
        Assert.Equal(0m, status.GetProperty("daily_left_usd").GetDecimal());
        Assert.Contains("today (UTC) of $0.000001 (hounfour.metering.budget.daily_micro_usd), $0.00 left", (await repo.IasAsync("run-status")).Out);

        // Resumed without a raised cap, the run halts again at once: the gate asks before the call, not after it.
        var again = await repo.IasAsync("run-resume", "--headless");
        RunGit.AssertExit(1, again);
        Assert.Contains("halted: budget:", again.Out);
        Assert.Equal(1, AgentCalls(repo));
    }

    [Fact]
    public async Task With_metering_off_hounfours_budget_is_not_enforced()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config + string.Format(Hounfour, "false"));

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        RunGit.AssertExit(0, run);
        Assert.True(AgentCalls(repo) >= 3, run.Out);
        Assert.DoesNotContain("budget:", run.Out);
    }

    [Fact]
    public async Task A_run_cap_halts_the_run_and_a_raised_cap_with_reload_config_lets_it_finish()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config + "ias:\n  budget:\n    run_usd: 0.000001\n");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        RunGit.AssertExit(1, run);
        Assert.Equal(1, AgentCalls(repo));
        Assert.Contains("halted: budget: this run spent $0.", run.Out);
        Assert.Contains("against its cap per run of $0.000001 (ias.budget.run_usd); raise ias.budget.run_usd in .loa.config.yaml, then `ias run-resume --reload-config`", run.Out);

        await repo.SetConfigAsync(Config + "ias:\n  budget:\n    run_usd: 100\n");
        var resumed = await repo.IasAsync("run-resume", "--reload-config", "--yes", "--headless");

        RunGit.AssertExit(0, resumed);
        Assert.Equal("JACKED_OUT", Json(repo, "state.json").GetProperty("state").GetString());
        Assert.True(AgentCalls(repo) >= 3);
    }

    [Fact]
    public async Task A_second_run_on_the_same_day_counts_the_first_runs_spend_against_the_daily_cap()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config);
        RunGit.AssertExit(0, await repo.IasAsync("run", "sprint-1", "--headless"));
        var spentByFirst = JsonDocument.Parse((await repo.IasAsync("run-status", "--json")).Out).RootElement.GetProperty("budget").GetProperty("today_spent_usd").GetDecimal();
        var callsOfFirst = AgentCalls(repo);
        Assert.True(spentByFirst > 0);

        await DemoTests.Git(repo.Path, "switch", "-q", "main");
        await repo.SetConfigAsync(Config + $"ias:\n  budget:\n    daily_usd: {(spentByFirst / 2).ToString(CultureInfo.InvariantCulture)}\n");
        var second = await repo.IasAsync("run", "sprint-2", "--headless");

        RunGit.AssertExit(1, second);
        Assert.Equal(callsOfFirst, AgentCalls(repo));
        Assert.Contains($"halted: budget: this repository's agents spent {SpendCaps.Money(spentByFirst)}, against the cap per UTC day", second.Out);
        Assert.Contains("(ias.budget.daily_usd)", second.Out);
    }

    [Theory]
    [InlineData("hounfour:\n  metering:\n    enabled: maybe\n", ".loa.config.yaml:8:14: hounfour.metering.enabled must be true or false (got \"maybe\")")]
    [InlineData("hounfour:\n  metering:\n    budget:\n      daily_micro_usd: 1.5\n", ".loa.config.yaml:9:24: hounfour.metering.budget.daily_micro_usd must be a non-negative integer of micro-USD")]
    [InlineData("ias:\n  budget:\n    run_usd: lots\n", ".loa.config.yaml:8:14: ias.budget.run_usd must be a non-negative amount of US dollars such as 2.50 (got \"lots\")")]
    [InlineData("ias:\n  budget:\n    daily_usd: -1\n", ".loa.config.yaml:8:16: ias.budget.daily_usd must be a non-negative amount of US dollars")]
    public async Task A_budget_key_of_the_wrong_type_fails_at_its_line_and_column(string yaml, string error)
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config + yaml);

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        RunGit.AssertExit(2, run);
        Assert.Contains(error, run.Err);
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(repo.File(".run", "jobs")) && Directory.EnumerateDirectories(repo.File(".run", "jobs")).Any());
    }

    /// <summary>The agent processes started, each in its own job directory.</summary>
    private static int AgentCalls(TestRepo repo) =>
        Directory.Exists(repo.File(".run", "jobs")) ? Directory.GetDirectories(repo.File(".run", "jobs")).Length : 0;

    private static JsonElement Json(TestRepo repo, string file) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", file))).RootElement.Clone();
}
