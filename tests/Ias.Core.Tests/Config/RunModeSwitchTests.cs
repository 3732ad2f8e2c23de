using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>Run Mode turned on in a user's .loa.config.yaml by the smallest change, every other byte kept, or not at all.</summary>
public sealed class RunModeSwitchTests
{
    [Fact]
    public void The_one_value_changes_and_every_comment_and_line_around_it_stays()
    {
        const string Before = "# my settings\nrun_mode:\n  # keep me\n  enabled: false   # off for now\n  defaults:\n    max_cycles: 3\n";

        var edit = TurnOn(Before);

        Assert.Equal("# my settings\nrun_mode:\n  # keep me\n  enabled: true   # off for now\n  defaults:\n    max_cycles: 3\n", edit.Text);
        Assert.Equal("line 4: enabled: false becomes enabled: true", edit.Change);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("False")]
    [InlineData("off")]
    public void Any_word_for_off_is_the_value_replaced(string off)
    {
        Assert.Equal("run_mode:\n  enabled: true\n", TurnOn($"run_mode:\n  enabled: {off}\n").Text);
    }

    [Fact]
    public void Without_the_key_one_line_goes_above_the_sections_first_key_indented_as_it_is()
    {
        var edit = TurnOn("run_mode:\n    # defaults first\n    defaults:\n        max_cycles: 3\nagents:\n  default: { agent: sim }\n");

        Assert.Equal("run_mode:\n    # defaults first\n    enabled: true\n    defaults:\n        max_cycles: 3\nagents:\n  default: { agent: sim }\n", edit.Text);
        Assert.Equal("line 3: enabled: true added under run_mode:", edit.Change);
    }

    [Theory]
    [InlineData("agents:\n  default:\n    agent: sim\n", "agents:\n  default:\n    agent: sim\nrun_mode:\n  enabled: true\n")]
    [InlineData("agents:\n  default:\n    agent: sim", "agents:\n  default:\n    agent: sim\nrun_mode:\n  enabled: true\n")]
    [InlineData("", "run_mode:\n  enabled: true\n")]
    [InlineData("# nothing yet\n", "# nothing yet\nrun_mode:\n  enabled: true\n")]
    [InlineData("ias:\r\n  theme: mono\r\n", "ias:\r\n  theme: mono\r\nrun_mode:\r\n  enabled: true\r\n")]
    public void Without_the_section_it_is_added_at_the_end_in_the_files_own_line_endings(string before, string after)
    {
        Assert.Equal(after, TurnOn(before).Text);
    }

    [Theory]
    [InlineData("run_mode: { enabled: false }\n")]
    [InlineData("run_mode:\n  enabled: \"false\"\n")]
    [InlineData("run_mode:\n")]
    [InlineData("run_mode: off\n")]
    [InlineData("{ run_mode: { enabled: false } }\n")]
    [InlineData("agents: {}\n---\nrun_mode:\n  enabled: false\n")]
    [InlineData("agents:\n  default: { agent: sim }\n...\n")]
    [InlineData("run_mode:\n  enabled: [false\n")]
    public void A_file_no_certain_one_line_change_turns_on_is_left_to_its_owner(string before)
    {
        Assert.Null(RunModeSwitch.TurnOn(before, AgentAdapters.Builtin.Kinds));
    }

    [Fact]
    public void Every_change_it_offers_reads_back_with_Run_Mode_on_and_the_rest_as_it_was()
    {
        const string Before = "run_mode:\n  enabled: false\n  defaults:\n    max_cycles: 7\n  git:\n    branch_prefix: \"work/\"\nagents:\n  default:\n    agent: sim\n";

        var after = ConfigLoader.Parse(TurnOn(Before).Text, ConfigLoader.FileName, AgentAdapters.Builtin.Kinds).Config;

        Assert.True(after.RunMode.Enabled);
        Assert.Equal((7, "work/", "sim"), (after.RunMode.MaxCycles, after.RunMode.BranchPrefix, after.Agents.Implementer.Agent.Name));
    }

    private static ConfigEdit TurnOn(string before) =>
        RunModeSwitch.TurnOn(before, AgentAdapters.Builtin.Kinds) ?? throw new Xunit.Sdk.XunitException($"no edit offered for:\n{before}");
}
