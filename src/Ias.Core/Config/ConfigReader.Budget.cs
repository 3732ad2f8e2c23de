using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>The spend caps: hounfour's metering budget, read and otherwise left to hounfour, and ias.budget.</summary>
internal sealed partial class ConfigReader
{
    // The hounfour section belongs to another tool: ias reads metering.enabled and metering.budget.daily_micro_usd and
    // passes over every other key, and over a part that is not a mapping, without a word; the two keys it reads must still
    // hold the right type, or a run would spend under a cap the user believes is set.
    private BudgetConfig ReadHounfour(ConfigEntry section, BudgetConfig basis) =>
        Mapping(section).Where(e => e.Key == "metering").Aggregate(basis, (b, m) => Mapping(m).Aggregate(b, (c, x) => x.Key switch
        {
            "enabled" => c with { MeteringEnabled = _values.Bool(x) },
            "budget" => Mapping(x).Aggregate(c, (d, y) => y.Key == "daily_micro_usd" ? d with { DailyMicroUsd = MicroUsd(y) } : d),
            _ => c,
        }));

    private BudgetConfig ReadBudget(ConfigEntry section, BudgetConfig basis) => Read(section, basis, new()
    {
        ["run_usd"] = (x, b) => b with { RunUsd = Usd(x) },
        ["daily_usd"] = (x, b) => b with { DailyUsd = Usd(x) },
    });

    private IEnumerable<ConfigEntry> Mapping(ConfigEntry e) => e.Value is YamlMappingNode ? Entries(e) : [];

    /// <summary>A non-negative integer of micro-USD (1 USD = 1,000,000), or null for no cap.</summary>
    private long? MicroUsd(ConfigEntry e)
    {
        const string Expected = "a non-negative integer of micro-USD (1 USD = 1000000)";
        if (ConfigValues.IsNull(e.Value))
        {
            return null;
        }

        return long.TryParse(_values.Text(e, Expected), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw _values.Invalid(e, Expected);
    }

    /// <summary>A non-negative amount of US dollars such as 2.50, or null for no cap.</summary>
    private decimal? Usd(ConfigEntry e)
    {
        const string Expected = "a non-negative amount of US dollars such as 2.50";
        if (ConfigValues.IsNull(e.Value))
        {
            return null;
        }

        return decimal.TryParse(_values.Text(e, Expected), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw _values.Invalid(e, Expected);
    }
}
