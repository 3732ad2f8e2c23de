using System.CommandLine;
using System.Runtime.Versioning;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// Every command of the tree, found by walking it so a new one is covered without a line here, fails on bad input the
/// way docs/commands.md promises: one line on stderr (`ias: …`), exit code 2, no stack trace.
/// </summary>
public sealed class EveryCommandFailureTests
{
    /// <summary>Every command's words after `ias` ("" for ias itself, "help keys" for a subcommand), hidden ones too.</summary>
    public static TheoryData<string> Commands() => [.. Walk(Cli.Build(), "")];

    /// <summary>Every option that takes a number, with the command it belongs to.</summary>
    public static TheoryData<string, string> NumberOptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Walk(Cli.Build(), ""))
        {
            foreach (var option in Find(path).Options.Where(o => (Nullable.GetUnderlyingType(o.ValueType) ?? o.ValueType) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double))))
            {
                data.Add(path, option.Name);
            }
        }

        return data;
    }

    /// <summary>Every command with an argument or option that must be given.</summary>
    public static TheoryData<string> CommandsWithSomethingRequired() =>
    [
        .. Walk(Cli.Build(), "").Where(path => Find(path) is var c
            && (c.Arguments.Any(a => a.Arity.MinimumNumberOfValues > 0) || c.Options.Any(o => o.Required))),
    ];

    /// <summary>Every command that opens the dashboard.</summary>
    public static TheoryData<string> CommandsWithTheme() =>
        [.. Walk(Cli.Build(), "").Where(path => Find(path).Options.Contains(DisplayOptions.Theme))];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_unknown_option_is_one_line_naming_it(string command)
    {
        using var dir = new TempDir();

        var r = await IasAsync(dir.Path, command, "--no-such-option");

        AssertOneLine(r, "--no-such-option");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_repo_that_does_not_exist_is_one_line_naming_it(string command)
    {
        using var dir = new TempDir();
        var missing = dir.Combine("no-such-repo");

        var r = await IasAsync(dir.Path, command, "--repo", missing);

        AssertOneLine(r, missing);
        Assert.False(Directory.Exists(missing), "nothing is created where the mistyped repository would be");
    }

    [Theory]
    [MemberData(nameof(NumberOptions))]
    public async Task A_word_where_a_number_goes_is_one_line_naming_the_option(string command, string option)
    {
        using var dir = new TempDir();

        var r = await IasAsync(dir.Path, command, option, "twenty");

        AssertOneLine(r, option);
        Assert.DoesNotContain("System.", r.Err);
    }

    [Theory]
    [MemberData(nameof(CommandsWithSomethingRequired))]
    public async Task A_missing_argument_is_one_line(string command)
    {
        using var dir = new TempDir();

        AssertOneLine(await IasAsync(dir.Path, command), "--help");
    }

    [Theory]
    [MemberData(nameof(CommandsWithTheme))]
    public async Task An_unknown_theme_is_refused_before_anything_starts_and_lists_the_built_in_ones(string command)
    {
        using var repo = new TestRepo();

        var r = await IasAsync(repo.Path, command, "--theme", "nosuch");

        AssertOneLine(r, "unknown theme \"nosuch\"; the built-in themes are default");
        Assert.False(Directory.Exists(repo.File(".run")), "no run was started and no demo made");
    }

    [Fact]
    public async Task A_value_outside_an_options_choices_lists_them_on_the_one_line()
    {
        using var dir = new TempDir();

        var r = await IasAsync(dir.Path, "demo", "--pace", "fast");

        AssertOneLine(r, "argument 'fast' not recognized. Must be one of: 'normal' 'slow'; see `ias demo --help`");
    }

    [Fact]
    public async Task A_malformed_theme_file_is_one_line_naming_the_file_line_and_what_to_fix()
    {
        using var repo = new TestRepo();
        await File.WriteAllTextAsync(repo.File("mine.yaml"), "name: mine\nheader.title: \"bold red\n");

        var r = await IasAsync(repo.Path, "dashboard", "--theme", "./mine.yaml");

        AssertOneLine(r, "./mine.yaml:2:");
        Assert.Contains("fix the YAML syntax", r.Err);
    }

    [Theory]
    [InlineData("run sprint-1")]
    [InlineData("new-run nightly")]
    [InlineData("init")]
    [InlineData("run-once")]
    [InlineData("run-loop")]
    [InlineData("status")]
    [InlineData("stop")]
    [InlineData("recover")]
    [InlineData("retry-failed")]
    public async Task A_corrupt_config_is_one_line_naming_the_file_and_position(string command)
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode: [\n");

        var r = await IasAsync(repo.Path, command);

        AssertOneLine(r, ".loa.config.yaml:");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_fault_no_command_expected_is_one_line_with_its_type_and_the_trace_kept_in_a_private_file()
    {
        var root = new RootCommand { new Command("boom") };
        root.Subcommands[0].SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("the widget came loose")));
        using var stderr = new StringWriter();

        var code = await Invocation.RunAsync(root, ["boom"], stderr).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ias: unexpected InvalidOperationException: the widget came loose (a bug in ias: the full trace is in ", line);
        var file = line.Split("the full trace is in ")[1].Split(';')[0];
        try
        {
            Assert.Contains("   at ", await File.ReadAllTextAsync(file));
            Assert.Equal(OwnerOnly.PrivateMode, File.GetUnixFileMode(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<(int Code, string Out, string Err)> IasAsync(string cwd, string command, params string[] args) =>
        IasProcess.RunAsync(cwd, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. args]);

    private static void AssertOneLine((int Code, string Out, string Err) r, string expected)
    {
        var shown = $"exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}";
        Assert.True(r.Code == 2, shown);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr; {shown}");
        Assert.StartsWith("ias: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Err + r.Out);
        Assert.DoesNotContain("Unhandled exception", r.Err + r.Out);
        Assert.True(r.Out.Length == 0, $"nothing on stdout, no help page; {shown}");
    }

    private static IEnumerable<string> Walk(Command command, string path)
    {
        yield return path;
        foreach (var sub in command.Subcommands)
        {
            foreach (var p in Walk(sub, (path + " " + sub.Name).Trim()))
            {
                yield return p;
            }
        }
    }

    private static Command Find(string path) =>
        path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate((Command)Cli.Build(), (c, name) => c.Subcommands.Single(s => s.Name == name));
}
