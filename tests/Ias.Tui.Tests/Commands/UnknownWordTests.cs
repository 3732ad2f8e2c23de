using System.CommandLine;
using Ias.Tui.Commands;

namespace Ias.Tui.Tests.Commands;

/// <summary>A mistyped command or option is one line that names the visible one it was likely meant to be, as git and cargo do.</summary>
public sealed class UnknownWordTests
{
    [Fact]
    public async Task An_unknown_command_close_to_one_suggests_it()
    {
        Assert.Equal("ias: unknown command 'sttus'; did you mean `ias status`? see `ias --help`", await FailAsync(Cli.Build(), "sttus"));
    }

    [Fact]
    public async Task The_first_letters_of_a_command_suggest_it()
    {
        Assert.Equal("ias: unknown command 'stat'; did you mean `ias status`? see `ias --help`", await FailAsync(Cli.Build(), "stat"));
    }

    [Fact]
    public async Task An_unknown_subcommand_suggests_one_of_its_own_command()
    {
        Assert.Equal("ias: unknown command 'kyes'; did you mean `ias help keys`? see `ias help --help`", await FailAsync(Cli.Build(), "help", "kyes"));
    }

    [Fact]
    public async Task An_unknown_command_far_from_every_one_points_at_the_help()
    {
        Assert.Equal("ias: unknown command 'frobnicate'; see `ias --help`", await FailAsync(Cli.Build(), "frobnicate"));
    }

    [Fact]
    public async Task A_mistyped_option_suggests_the_option_and_not_the_word_after_it()
    {
        // `run` takes an optional sprint, which the parser fills with the mistyped option, leaving "3" over.
        Assert.Equal("ias: unrecognized option '--max-cycle'; did you mean --max-cycles? see `ias run --help`", await FailAsync(Cli.Build(), "run", "--max-cycle", "3"));
    }

    [Fact]
    public async Task An_option_every_command_takes_is_suggested_under_a_subcommand()
    {
        Assert.Equal("ias: unrecognized option '--rpo'; did you mean --repo? see `ias run-status --help`", await FailAsync(Cli.Build(), "run-status", "--rpo", "."));
    }

    [Fact]
    public async Task An_option_far_from_every_one_points_at_the_help()
    {
        Assert.Equal("ias: unrecognized option '--no-such-option'; see `ias run-status --help`", await FailAsync(Cli.Build(), "run-status", "--no-such-option"));
    }

    [Theory]
    [InlineData("sim-agnt")]
    [InlineData("ice-gi")]
    [InlineData("night-ed")]
    [InlineData("sim-")]
    public async Task A_hidden_command_is_never_suggested(string typed)
    {
        Assert.Equal($"ias: unknown command '{typed}'; see `ias --help`", await FailAsync(Cli.Build(), typed));
    }

    [Fact]
    public async Task A_hidden_option_is_never_suggested()
    {
        Assert.Equal("ias: unrecognized option '--ask-hig'; see `ias run --help`", await FailAsync(Cli.Build(), "run", "sprint-1", "--ask-hig"));
    }

    [Fact]
    public async Task An_alias_of_a_command_is_a_name_it_may_be_suggested_by()
    {
        var root = new RootCommand { new Command("remove") { Aliases = { "delete" } } };

        Assert.Equal("ias: unknown command 'delte'; did you mean `ias delete`? see `ias --help`", await FailAsync(root, "delte"));
    }

    private static async Task<string> FailAsync(RootCommand root, params string[] args)
    {
        using var stderr = new StringWriter();

        var code = await Invocation.RunAsync(root, args, stderr).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Invocation.Failed, code);
        return stderr.ToString().TrimEnd('\n');
    }
}
