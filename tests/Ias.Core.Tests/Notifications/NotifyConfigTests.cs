using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Notifications;

/// <summary>ias.notify in .loa.config.yaml: the terminal channels on by default, each off by a key, the hook by a command.</summary>
public sealed class NotifyConfigTests
{
    [Fact]
    public void Without_the_section_the_terminal_channels_are_on_and_there_is_no_hook()
    {
        Assert.Equal(new NotifyConfig(true, true, true, null), Parse("").Config.Notify);
    }

    [Fact]
    public void Each_channel_turns_off_by_its_key_and_the_command_is_read_as_written()
    {
        var result = Parse("ias:\n  notify:\n    bell: false\n    desktop: off\n    tmux: no\n    command: \"cat >> /tmp/n.jsonl\"\n");

        Assert.Equal(new NotifyConfig(false, false, false, "cat >> /tmp/n.jsonl"), result.Config.Notify);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_nights_report_event_is_on_by_default_and_off_by_its_key()
    {
        Assert.True(Parse("").Config.Notify.Report);
        Assert.False(Parse("ias:\n  notify:\n    report: false\n").Config.Notify.Report);
        Assert.Equal(
            "config .loa.config.yaml:3:13: ias.notify.report must be true or false (got \"weekly\")",
            Assert.Throws<ConfigException>(() => Parse("ias:\n  notify:\n    report: weekly\n")).Message);
    }

    [Fact]
    public void The_box_stays_quiet_two_minutes_before_the_report_unless_its_key_says_otherwise()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), Parse("").Config.Notify.ReportQuiet);
        Assert.Equal(TimeSpan.FromSeconds(30), Parse("ias:\n  notify:\n    report_quiet_seconds: 30\n").Config.Notify.ReportQuiet);
        Assert.Equal(TimeSpan.Zero, Parse("ias:\n  notify:\n    report_quiet_seconds: 0\n").Config.Notify.ReportQuiet);
        Assert.Equal(
            "config .loa.config.yaml:3:27: ias.notify.report_quiet_seconds must be 0 or a positive integer (got \"-5\")",
            Assert.Throws<ConfigException>(() => Parse("ias:\n  notify:\n    report_quiet_seconds: -5\n")).Message);
    }

    [Theory]
    [InlineData("ias:\n  notify:\n    bell: loud\n", "config .loa.config.yaml:3:11: ias.notify.bell must be true or false (got \"loud\")")]
    [InlineData("ias:\n  notify:\n    command: \"\"\n", "config .loa.config.yaml:3:14: ias.notify.command must be a non-empty string or null (got \"\")")]
    [InlineData("ias:\n  notify: yes\n", "config .loa.config.yaml:2:11: ias.notify must be a mapping of keys (got \"yes\")")]
    public void A_bad_value_fails_in_one_line_naming_its_place_and_what_it_must_be(string yaml, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_unknown_key_is_a_warning_that_names_it()
    {
        var result = Parse("ias:\n  notify:\n    sound: true\n");

        Assert.Equal([".loa.config.yaml:3:5: unknown key ias.notify.sound (ignored; check spelling)"], result.Warnings);
    }

    private static ConfigResult Parse(string yaml) => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);
}
