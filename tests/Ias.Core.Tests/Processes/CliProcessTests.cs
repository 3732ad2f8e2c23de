using System.Diagnostics;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

public sealed class CliProcessTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Stdout_stderr_and_the_exit_code_are_all_returned()
    {
        var r = Sh("echo out; echo err >&2; exit 3");

        Assert.Equal(new CliResult(3, "out\n", "err\n"), r);
    }

    [Fact]
    public void Stdin_is_closed_so_a_tool_that_reads_it_ends_at_once()
    {
        var r = CliProcess.Run("cat", _dir.Path, [], NoEnvironment, Minute, "cat");

        Assert.Equal(new CliResult(0, "", ""), r);
    }

    [Fact]
    public void Environment_and_working_directory_reach_the_tool()
    {
        var r = CliProcess.Run("/bin/sh", _dir.Path, ["-c", "echo \"$IAS_TEST_VALUE\"; pwd"], new Dictionary<string, string> { ["IAS_TEST_VALUE"] = "a value" }, Minute, "sh");

        Assert.Equal($"a value\n{_dir.Path}\n", r.Stdout);
    }

    [Fact]
    public void Arguments_reach_the_tool_exactly_as_given()
    {
        string[] args = ["two words", "", "a \"quoted\" word", "back\\slash\\", "ünïcode", "$HOME"];

        var r = CliProcess.Run("/bin/sh", _dir.Path, ["-c", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done", "sh", .. args], NoEnvironment, Minute, "sh");

        Assert.Equal(string.Concat(args.Select(a => $"[{a}]\n")), r.Stdout);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_become_replacement_characters()
    {
        var r = Sh("printf 'caf\\351\\n'");

        Assert.Equal("caf\uFFFD\n", r.Stdout);
    }

    [Fact]
    public void A_tool_that_outruns_its_limit_is_stopped_and_the_command_named()
    {
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<CliProcessException>(() =>
            CliProcess.Run("/bin/sh", _dir.Path, ["-c", "sleep 1000"], NoEnvironment, TimeSpan.FromSeconds(1), "sh"));

        Assert.Equal("timed out after 1s", e.Reason);
        Assert.Equal("-c sleep 1000", e.Command);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"returned after {clock.Elapsed}");
    }

    [Fact]
    public void A_tool_that_is_not_installed_fails_with_a_message_that_says_so()
    {
        var e = Assert.Throws<CliProcessException>(() =>
            CliProcess.Run("no-such-tool-for-ias-tests", _dir.Path, ["status"], NoEnvironment, Minute, "the tool"));

        Assert.StartsWith("could not start the tool (", e.Reason, StringComparison.Ordinal);
        Assert.EndsWith("); is it installed and on PATH?", e.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("CliWrap", e.Reason, StringComparison.Ordinal);
        Assert.Equal("status", e.Command);
    }

    private CliResult Sh(string script) => CliProcess.Run("/bin/sh", _dir.Path, ["-c", script], NoEnvironment, Minute, "sh");
}
