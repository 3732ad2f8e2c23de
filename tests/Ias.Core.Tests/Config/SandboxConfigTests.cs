using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>ias.sandbox: the box's switch, what it lets in, and its limits per turn with their defaults.</summary>
public sealed class SandboxConfigTests
{
    private const string File = ".loa.config.yaml";

    private static SandboxConfig Read(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, File, AgentAdapters.Builtin.Kinds);
        Assert.Empty(result.Warnings);
        return result.Config.Sandbox;
    }

    [Fact]
    public void Without_keys_the_box_is_on_with_its_default_limits()
    {
        var box = Read("run_mode:\n  enabled: true\n");

        Assert.True(box.Enabled);
        Assert.Equal((4096, 1024, 256), (box.MaxProcesses, box.TmpMb, box.MaxOutputMb));
    }

    [Fact]
    public void Each_limit_is_read_from_its_key()
    {
        var box = Read("ias:\n  sandbox:\n    max_processes: 64\n    tmp_mb: 8\n    max_output_mb: 2\n");

        Assert.Equal((64, 8, 2), (box.MaxProcesses, box.TmpMb, box.MaxOutputMb));
    }

    [Fact]
    public void The_workspace_limit_is_read_from_its_key_and_unset_by_default()
    {
        Assert.Null(Read("run_mode:\n  enabled: true\n").WorkspaceMb);
        Assert.Equal(8, Read("ias:\n  sandbox:\n    workspace_mb: 8\n").WorkspaceMb);
    }

    [Fact]
    public void A_limit_that_is_not_a_positive_integer_fails_with_its_place()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("ias:\n  sandbox:\n    tmp_mb: lots\n", File, AgentAdapters.Builtin.Kinds));

        Assert.Contains(".loa.config.yaml:3:13", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tmp_mb", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_network_is_an_allowlist_unless_a_mode_word_or_mapping_says_otherwise()
    {
        Assert.Equal(NetworkMode.Allowlist, Read("run_mode:\n  enabled: true\n").Network);
        Assert.Equal(NetworkMode.None, Read("ias:\n  sandbox:\n    network: none\n").Network);

        var box = Read("ias:\n  sandbox:\n    network:\n      mode: open\n      allow: [\"*.pypi.org\", files.pythonhosted.org]\n");

        Assert.Equal(NetworkMode.Open, box.Network);
        Assert.Equal(["*.pypi.org", "files.pythonhosted.org"], box.NetworkAllow);
    }

    [Fact]
    public void A_network_mode_that_is_no_mode_fails_with_its_place_and_the_words_it_takes()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("ias:\n  sandbox:\n    network: closed\n", File, AgentAdapters.Builtin.Kinds));

        Assert.Contains(".loa.config.yaml:3:14", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowlist, open or none", ex.Message, StringComparison.Ordinal);
    }
}
