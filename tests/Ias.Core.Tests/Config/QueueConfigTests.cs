using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class QueueConfigTests
{
    [Fact]
    public void The_queue_defaults_to_three_attempts_thirty_seconds_of_backoff_and_a_fifteen_minute_lease()
    {
        var config = ConfigLoader.Parse("", ".loa.config.yaml", AgentAdapters.Builtin.Kinds).Config;

        Assert.Equal(new QueueConfig(3, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)), config.Queue);
    }

    [Fact]
    public void Ias_queue_sets_max_attempts_backoff_and_lease()
    {
        var result = ConfigLoader.Parse("ias:\n  queue:\n    lease_minutes: 5\n    retry: { max_attempts: 7, backoff_seconds: 0.5, max_backoff_seconds: 60 }\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(new QueueConfig(7, TimeSpan.FromSeconds(0.5), TimeSpan.FromMinutes(5)) { MaxBackoff = TimeSpan.FromMinutes(1) }, result.Config.Queue);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("ias:\n  queue:\n    retry:\n      max_attempts: 0\n", "config .loa.config.yaml:4:21: ias.queue.retry.max_attempts must be a positive integer (got \"0\")")]
    [InlineData("ias:\n  queue:\n    retry:\n      backoff_seconds: soon\n", "config .loa.config.yaml:4:24: ias.queue.retry.backoff_seconds must be a positive number (got \"soon\")")]
    [InlineData("ias:\n  queue:\n    retry:\n      max_backoff_seconds: 0\n", "config .loa.config.yaml:4:28: ias.queue.retry.max_backoff_seconds must be a positive number (got \"0\")")]
    public void A_bad_queue_value_names_file_line_column_and_the_expected_type(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void An_unknown_queue_key_warns()
    {
        var result = ConfigLoader.Parse("ias:\n  queue:\n    retries: 3\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal([".loa.config.yaml:3:5: unknown key ias.queue.retries (ignored; check spelling)"], result.Warnings);
    }
}
