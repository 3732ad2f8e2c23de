using System.Text;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Config;

/// <summary>Input files over their size limit, and YAML nested too deep, are refused with one line before they cost memory or time.</summary>
public sealed class InputLimitTests
{
    private static readonly InputLimit TwoKb = new("plan", 2048, "shorten it");

    [Fact]
    public void A_file_over_the_limit_is_refused_with_its_name_size_the_limit_and_what_to_do()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("big.md"), new byte[3000]);

        var ex = Assert.Throws<InvalidDataException>(() => TwoKb.ReadText(dir.Combine("big.md"), "big.md", m => new InvalidDataException(m)));

        Assert.Equal("plan big.md is 2.9 KB, over the 2 KB limit; shorten it", ex.Message);
    }

    [Fact]
    public void A_file_just_over_the_limit_shows_its_size_in_bytes_so_it_never_reads_as_equal_to_the_limit()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("big.md"), new byte[2049]);

        var ex = Assert.Throws<InvalidDataException>(() => TwoKb.ReadText(dir.Combine("big.md"), "big.md", m => new InvalidDataException(m)));

        Assert.StartsWith("plan big.md is 2,049 bytes, over the 2 KB limit", ex.Message);
    }

    [Fact]
    public void A_file_within_the_limit_is_read_whole_honouring_a_byte_order_mark()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("utf8.md"), "héllo", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.WriteAllText(dir.Combine("utf16.md"), "wörld", Encoding.Unicode);
        File.WriteAllBytes(dir.Combine("exact.md"), Encoding.ASCII.GetBytes(new string('x', 2048)));

        Assert.Equal("héllo", TwoKb.ReadText(dir.Combine("utf8.md"), "utf8.md", m => new InvalidDataException(m)));
        Assert.Equal("wörld", TwoKb.ReadText(dir.Combine("utf16.md"), "utf16.md", m => new InvalidDataException(m)));
        Assert.Equal(2048, TwoKb.ReadText(dir.Combine("exact.md"), "exact.md", m => new InvalidDataException(m)).Length);
    }

    [Fact]
    public void A_device_without_a_length_is_read_only_one_byte_past_the_limit()
    {
        // /dev/zero never ends: only a reader that stops at the limit returns.
        var refused = Assert.Throws<InvalidDataException>(() => TwoKb.ReadText("/dev/zero", "/dev/zero", m => new InvalidDataException(m)));

        Assert.Equal("plan /dev/zero is more than 2 KB, over the 2 KB limit; shorten it", refused.Message);
    }

    [Fact]
    public void A_config_over_its_limit_is_refused_by_name_and_size_and_nothing_is_written()
    {
        using var repo = new TempDir();
        var comment = "# " + new string('x', 1021) + "\n";
        File.WriteAllText(repo.Combine(ConfigLoader.FileName), string.Concat(Enumerable.Repeat(comment, 300)));

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(repo.Path, AgentAdapters.Builtin.Kinds));

        Assert.StartsWith("config file .loa.config.yaml is 300 KB, over the 256 KB limit; it holds settings, not data", ex.Message);
        Assert.Equal([repo.Combine(ConfigLoader.FileName)], Directory.EnumerateFileSystemEntries(repo.Path));
    }

    [Fact]
    public void Yaml_nested_as_deep_as_the_limit_is_read()
    {
        // The root mapping is the first level, each [ one more.
        var depth = InputLimits.YamlDepth - 1;
        var yaml = "other_tool: " + new string('[', depth) + new string(']', depth) + "\n";

        var result = ConfigLoader.Parse(yaml, ConfigLoader.FileName, AgentAdapters.Builtin.Kinds);

        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Yaml_nested_one_level_deeper_is_refused_at_the_collection_that_passes_the_limit()
    {
        var depth = InputLimits.YamlDepth;
        var yaml = "other_tool: " + new string('[', depth) + new string(']', depth) + "\n";

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, ConfigLoader.FileName, AgentAdapters.Builtin.Kinds));

        Assert.Equal($"config .loa.config.yaml:1:{12 + depth}: YAML nests more than 64 levels deep here; ias's settings nest a few levels at most, so flatten this part of the file", ex.Message);
    }

    [Fact]
    public void Deeply_nested_block_mappings_are_refused_at_the_line_that_passes_the_limit()
    {
        var yaml = new StringBuilder("ias:\n");
        for (var level = 1; level < 100; level++)
        {
            yaml.Append(' ', level).Append("a:\n");
        }

        yaml.Append(' ', 100).Append("b: 1\n");

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml.ToString(), ConfigLoader.FileName, AgentAdapters.Builtin.Kinds));

        Assert.StartsWith("config .loa.config.yaml:65:", ex.Message);
        Assert.Contains("YAML nests more than 64 levels deep", ex.Message);
    }
}
