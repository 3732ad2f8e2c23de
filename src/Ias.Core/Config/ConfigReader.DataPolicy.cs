using YamlDotNet.RepresentationModel;

namespace Ias.Core.Config;

/// <summary>ias.data_policy: the mode, and the allowlist that replaces the default one when it is given.</summary>
internal sealed partial class ConfigReader
{
    private DataPolicy ReadDataPolicy(ConfigEntry section, DataPolicy basis) => Read(section, basis, new()
    {
        ["mode"] = (x, p) => p with { Mode = PolicyMode(x) },
        ["allowlist"] = (x, p) => p with { Allowlist = Allowlist(x) },
    });

    private DataPolicyMode PolicyMode(ConfigEntry e)
    {
        const string Expected = "internal_ok or metadata_only";
        return _values.Text(e, Expected) switch
        {
            "internal_ok" => DataPolicyMode.InternalOk,
            "metadata_only" => DataPolicyMode.MetadataOnly,
            _ => throw _values.Invalid(e, Expected),
        };
    }

    /// <summary>The allowlisted field names; an empty list (or null) allowlists nothing.</summary>
    private HashSet<string> Allowlist(ConfigEntry e)
    {
        var expected = $"one of {string.Join(", ", DataPolicy.Fields)}";
        if (ConfigValues.IsNull(e.Value))
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        if (e.Value is not YamlSequenceNode list)
        {
            throw _values.Invalid(e, "a list of field names");
        }

        return list.Children
            .Select((item, i) => new ConfigEntry($"{e.Path}[{i}]", e.KeyNode, item))
            .Select(item => _values.Text(item, expected) is var name && DataPolicy.Fields.Contains(name, StringComparer.Ordinal) ? name : throw _values.Invalid(item, expected))
            .ToHashSet(StringComparer.Ordinal);
    }
}
