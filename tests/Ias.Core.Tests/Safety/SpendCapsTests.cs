using Ias.Core.Config;
using Ias.Core.Safety;

namespace Ias.Core.Tests.Safety;

public sealed class SpendCapsTests
{
    [Fact]
    public void Hounfours_budget_counts_only_while_its_metering_is_enabled()
    {
        Assert.Equal(SpendCaps.None, SpendCaps.From(new BudgetConfig(false, 1, null, null)));
        Assert.Equal(new SpendCap(0.000001m, SpendCaps.MeteringKey), SpendCaps.From(new BudgetConfig(true, 1, null, null)).Daily);
    }

    [Theory]
    [InlineData(3_000_000, 5.0, 3.0, SpendCaps.MeteringKey)]
    [InlineData(3_000_000, 2.0, 2.0, SpendCaps.DailyKey)]
    public void The_smaller_daily_cap_wins(long micro, double dailyUsd, double cap, string key)
    {
        var caps = SpendCaps.From(new BudgetConfig(true, micro, null, (decimal)dailyUsd));

        Assert.Equal(new SpendCap((decimal)cap, key), caps.Daily);
    }

    [Fact]
    public void The_first_call_runs_under_any_positive_cap_and_the_next_is_expected_to_cost_the_dearest_so_far()
    {
        var caps = SpendCaps.From(new BudgetConfig(false, null, 1.00m, null));

        Assert.Null(caps.Refuse(runSpent: 0m, todaySpent: 0m, nextCall: 0m));
        Assert.Null(caps.Refuse(runSpent: 0.60m, todaySpent: 0.60m, nextCall: 0.40m));
        Assert.NotNull(caps.Refuse(runSpent: 0.60m, todaySpent: 0.60m, nextCall: 0.41m));
    }

    [Fact]
    public void Calls_at_work_beside_the_run_count_against_the_daily_cap_only()
    {
        var caps = SpendCaps.From(new BudgetConfig(false, null, 1.00m, 1.00m));

        Assert.Null(caps.Refuse(runSpent: 0.30m, todaySpent: 0.60m, nextCall: 0.30m, beside: (1, 0.10m)));
        Assert.NotNull(caps.Refuse(runSpent: 0.30m, todaySpent: 0.60m, nextCall: 0.30m, beside: (1, 0.11m)));
        Assert.Equal(SpendCaps.DailyKey, caps.Reached(0.30m, 0.60m + 0.11m, 0.30m)?.Key);
    }

    [Fact]
    public void A_cap_of_zero_lets_no_call_start()
    {
        Assert.NotNull(SpendCaps.From(new BudgetConfig(true, 0, null, null)).Refuse(0m, 0m, 0m));
    }

    [Fact]
    public void The_run_cap_is_named_first_and_the_line_says_what_to_do()
    {
        var caps = SpendCaps.From(new BudgetConfig(false, null, 0.01m, 0.01m));

        Assert.Equal(
            "budget: this run spent $0.02 and the next call may cost up to $0.011, against its cap per run of $0.01 (ias.budget.run_usd); raise ias.budget.run_usd in .loa.config.yaml, then `ias run-resume --reload-config`",
            caps.Refuse(0.02m, 0.02m, 0.011m));
        Assert.Equal(
            "budget: this repository's agents spent $0.000003, against the cap per UTC day of $0.000001 (hounfour.metering.budget.daily_micro_usd); raise hounfour.metering.budget.daily_micro_usd in .loa.config.yaml, then `ias run-resume --reload-config`, or `ias run-resume` after 00:00 UTC",
            SpendCaps.From(new BudgetConfig(true, 1, null, null)).Refuse(0m, 0.000003m, 0m));
    }
}
