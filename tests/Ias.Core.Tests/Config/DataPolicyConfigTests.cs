using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>ias.data_policy in .loa.config.yaml: the mode and the allowlist, with their defaults and their errors.</summary>
public sealed class DataPolicyConfigTests
{
    [Fact]
    public void Without_the_section_the_policy_is_internal_ok_with_the_default_allowlist()
    {
        var config = Parse("").Config;

        Assert.Equal(DataPolicyMode.InternalOk, config.DataPolicy.Mode);
        Assert.Equal(["intake.rawContent", "intake.title", "repo.label"], config.DataPolicy.Allowlist.Order(StringComparer.Ordinal));
        Assert.Equal(DataPolicy.Default, config.DataPolicy);
    }

    [Fact]
    public void Metadata_only_keeps_the_default_allowlist_when_none_is_given()
    {
        var result = Parse("ias:\n  data_policy:\n    mode: metadata_only\n");

        Assert.Equal(DataPolicyMode.MetadataOnly, result.Config.DataPolicy.Mode);
        Assert.Equal(DataPolicy.Default.Allowlist.Order(StringComparer.Ordinal), result.Config.DataPolicy.Allowlist.Order(StringComparer.Ordinal));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_given_allowlist_replaces_the_default_and_an_empty_one_allowlists_nothing()
    {
        var custom = Parse("ias:\n  data_policy:\n    mode: metadata_only\n    allowlist: [pr.title, repo.label]\n").Config.DataPolicy;
        var empty = Parse("ias:\n  data_policy:\n    mode: metadata_only\n    allowlist: []\n").Config.DataPolicy;

        Assert.Equal(["pr.title", "repo.label"], custom.Allowlist.Order(StringComparer.Ordinal));
        Assert.True(custom.Allows("pr.title"));
        Assert.False(custom.Allows("intake.title"));
        Assert.Empty(empty.Allowlist);
        Assert.False(empty.Allows("repo.label"));
    }

    [Fact]
    public void A_bad_mode_names_file_line_column_and_the_two_modes()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("ias:\n  data_policy:\n    mode: private\n"));

        Assert.Equal("config .loa.config.yaml:3:11: ias.data_policy.mode must be internal_ok or metadata_only (got \"private\")", e.Message);
    }

    [Fact]
    public void An_allowlist_entry_that_is_no_field_names_its_place_and_every_field()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("ias:\n  data_policy:\n    allowlist: [repo.label, repo.name]\n"));

        Assert.Equal(
            "config .loa.config.yaml:3:29: ias.data_policy.allowlist[1] must be one of repo.label, repo.url, intake.title, intake.rawContent, job.prompt, "
            + "job.summary, job.reason, pr.title, pr.body, decision.question, decision.answer, notify.summary (got \"repo.name\")",
            e.Message);
    }

    [Fact]
    public void An_allowlist_that_is_not_a_list_is_a_type_error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("ias:\n  data_policy:\n    allowlist: repo.label\n"));

        Assert.Equal("config .loa.config.yaml:3:16: ias.data_policy.allowlist must be a list of field names (got \"repo.label\")", e.Message);
    }

    [Fact]
    public void An_unknown_data_policy_key_warns()
    {
        var result = Parse("ias:\n  data_policy:\n    modus: metadata_only\n");

        Assert.Equal([".loa.config.yaml:3:5: unknown key ias.data_policy.modus (ignored; check spelling)"], result.Warnings);
        Assert.Equal(DataPolicy.Default, result.Config.DataPolicy);
    }

    private static ConfigResult Parse(string yaml) => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);
}
