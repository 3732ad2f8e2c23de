using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class PostPrConfigTests
{
    [Fact]
    public void Post_pr_validation_is_off_by_default_and_there_is_no_test_command()
    {
        var config = ConfigLoader.Parse("", ".loa.config.yaml", AgentAdapters.Builtin.Kinds).Config;

        Assert.Equal(new PostPrConfig(false, true, 3, true, 3), config.PostPr);
        Assert.Null(config.TestCommand);
    }

    [Fact]
    public void Post_pr_validation_sets_its_phases_and_leaves_flatline_and_other_keys_to_their_tools_unwarned()
    {
        var result = ConfigLoader.Parse(
            "post_pr_validation:\n  enabled: true\n  mode: autonomous\n  phases:\n    audit: { enabled: false, max_iterations: 2, model: x }\n    e2e: { max_iterations: 5 }\n    flatline: { enabled: true }\nias:\n  test_command: dotnet test\n",
            ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(new PostPrConfig(true, false, 2, true, 5), result.Config.PostPr);
        Assert.Equal("dotnet test", result.Config.TestCommand);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("post_pr_validation:\n  enabled: 2\n", "config .loa.config.yaml:2:12: post_pr_validation.enabled must be true or false (got \"2\")")]
    [InlineData("post_pr_validation:\n  phases:\n    e2e: { max_iterations: none }\n", "config .loa.config.yaml:3:28: post_pr_validation.phases.e2e.max_iterations must be a positive integer (got \"none\")")]
    public void A_bad_post_pr_value_names_file_line_column_and_the_expected_type(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.Equal(expected, e.Message);
    }
}
