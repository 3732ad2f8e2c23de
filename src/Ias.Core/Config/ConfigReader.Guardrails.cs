using System.Globalization;

namespace Ias.Core.Config;

/// <summary>The guardrails section: ias reads guardrails.input and passes over the rest without a warning.</summary>
internal sealed partial class ConfigReader
{
    // Loa's own guardrail scripts share this section and keep more keys in it (modes, pattern lists, danger_level,
    // logging); a key ias does not know is theirs, not a typo, so it is skipped in silence. A key ias reads must still
    // hold the right type, or the run would go on with a check the user believes is set otherwise.
    private GuardrailsConfig ReadGuardrails(ConfigEntry section) =>
        Entries(section).Aggregate(GuardrailsConfig.Defaults, (g, x) => x.Key != "input" ? g : Entries(x).Aggregate(g, (i, y) => y.Key switch
        {
            "enabled" => i with { Enabled = _values.Bool(y) },
            "pii_filter" => Entries(y).Aggregate(i, (p, z) => z.Key == "enabled" ? p with { PiiFilter = _values.Bool(z) } : p),
            "injection_detection" => Entries(y).Aggregate(i, (d, z) => z.Key switch
            {
                "enabled" => d with { InjectionDetection = _values.Bool(z) },
                "threshold" => d with { InjectionThreshold = Fraction(z) },
                _ => d,
            }),
            _ => i,
        }));

    private double Fraction(ConfigEntry e)
    {
        const string Expected = "a number greater than 0 and at most 1";
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(_values.Text(e, Expected), Styles, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= 1
            ? n
            : throw _values.Invalid(e, Expected);
    }
}
