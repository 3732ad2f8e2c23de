using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class BudgetConfigTests
{
    private const string File = ".loa.config.yaml";

    private static BudgetConfig Read(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, File, AgentAdapters.Builtin.Kinds);
        Assert.Empty(result.Warnings);
        return result.Config.Budget;
    }

    [Fact]
    public void Without_keys_there_is_no_cap()
    {
        Assert.Equal(BudgetConfig.Defaults, Read("run_mode:\n  enabled: true\n"));
    }

    [Fact]
    public void Hounfours_metering_keys_are_read_and_its_others_pass_unwarned()
    {
        const string Yaml = """
            hounfour:
              providers:
                - name: openai
              metering:
                enabled: true
                ledger: .hounfour/ledger.jsonl
                budget:
                  daily_micro_usd: 2500000
                  warn_at_percent: 80
              routing: fastest
            """;

        Assert.Equal(new BudgetConfig(true, 2_500_000, null, null), Read(Yaml));
    }

    [Fact]
    public void A_hounfour_part_that_is_not_a_mapping_is_hounfours_business()
    {
        Assert.Equal(BudgetConfig.Defaults, Read("hounfour:\n  metering: legacy\n"));
        Assert.Equal(BudgetConfig.Defaults, Read("hounfour: off\n"));
    }

    [Fact]
    public void Ias_budget_takes_dollars_per_run_and_per_day()
    {
        Assert.Equal(new BudgetConfig(false, null, 2.5m, 10m), Read("ias:\n  budget:\n    run_usd: 2.50\n    daily_usd: 10\n"));
        Assert.Equal(BudgetConfig.Defaults, Read("ias:\n  budget:\n    run_usd: null\n"));
    }

    [Theory]
    [InlineData("hounfour:\n  metering:\n    enabled: sometimes\n", "config .loa.config.yaml:3:14: hounfour.metering.enabled must be true or false (got \"sometimes\")")]
    [InlineData("hounfour:\n  metering:\n    budget:\n      daily_micro_usd: -3\n", "config .loa.config.yaml:4:24: hounfour.metering.budget.daily_micro_usd must be a non-negative integer of micro-USD (1 USD = 1000000) (got \"-3\")")]
    [InlineData("hounfour:\n  metering:\n    budget:\n      daily_micro_usd: [1]\n", "config .loa.config.yaml:4:24: hounfour.metering.budget.daily_micro_usd must be a non-negative integer of micro-USD (1 USD = 1000000) (got a list)")]
    [InlineData("ias:\n  budget:\n    daily_usd: $5\n", "config .loa.config.yaml:3:16: ias.budget.daily_usd must be a non-negative amount of US dollars such as 2.50 (got \"$5\")")]
    [InlineData("ias:\n  budget: 5\n", "config .loa.config.yaml:2:11: ias.budget must be a mapping of keys (got \"5\")")]
    public void A_budget_key_of_the_wrong_type_fails_at_its_place(string yaml, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File, AgentAdapters.Builtin.Kinds));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void An_unknown_key_under_ias_budget_is_warned_about()
    {
        var result = ConfigLoader.Parse("ias:\n  budget:\n    run_dollars: 3\n", File, AgentAdapters.Builtin.Kinds);

        Assert.Equal([".loa.config.yaml:3:5: unknown key ias.budget.run_dollars (ignored; check spelling)"], result.Warnings);
    }
}
