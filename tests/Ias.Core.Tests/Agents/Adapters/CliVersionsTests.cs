using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Agents.Adapters.Gemini;
using Ias.Core.Config;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class CliVersionsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("1.0.35 (Claude Code)", 1, 0, 35)]
    [InlineData("codex-cli 0.46.0", 0, 46, 0)]
    [InlineData("0.11.3", 0, 11, 3)]
    [InlineData("v2.0.14-beta.1", 2, 0, 14)]
    public void The_first_semantic_version_in_the_output_is_the_version(string output, int major, int minor, int patch)
    {
        Assert.Equal(new Version(major, minor, patch), CliVersions.Parse(output));
    }

    [Theory]
    [InlineData("claude", "claude", "2.0.14 (Claude Code)")]
    [InlineData("codex", "codex", "codex-cli 0.46.0")]
    [InlineData("gemini", "gemini", "0.11.0")]
    public void A_supported_version_passes(string kind, string cli, string output)
    {
        Assert.Null(Invoker().Check(Settings(kind, Fake(cli, $"echo '{output}'"))));
    }

    [Theory]
    [InlineData("claude", "claude", "0.2.125 (Claude Code)", "0.2.125", "1.0.0", "@anthropic-ai/claude-code")]
    [InlineData("codex", "codex", "codex-cli 0.39.0", "0.39.0", "0.44.0", "@openai/codex")]
    [InlineData("gemini", "gemini", "0.8.2", "0.8.2", "0.11.0", "@google/gemini-cli")]
    public void An_old_version_fails_naming_the_cli_the_version_and_the_range(string kind, string cli, string output, string found, string minimum, string package)
    {
        var command = Fake(cli, $"echo '{output}'");

        var message = Invoker().Check(Settings(kind, command));

        Assert.NotNull(message);
        Assert.Contains($"{command} {found} is too old", message);
        Assert.Contains($"{minimum} or newer", message);
        Assert.Contains($"npm i -g {package}", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Output_without_a_version_fails_quoting_what_was_printed()
    {
        var command = Fake("codex", "echo 'hello there'");

        var message = Invoker().Check(Settings("codex", command));

        Assert.Equal($"{command} --version printed no version: \"hello there\" (supported: 0.44.0 or newer): reinstall it with npm i -g @openai/codex", message);
    }

    [Fact]
    public void A_version_answer_of_hundreds_of_MB_is_cut_at_the_probe_limit_and_the_message_says_how_much_more_there_was()
    {
        var command = Fake("codex", "head -c 300000000 /dev/zero | tr '\\0' x");

        var message = Invoker().Check(Settings("codex", command));

        Assert.Equal($"{command} --version printed no version: \"{new string('x', 79)}…\" … (cut: 286 MB more) (supported: 0.44.0 or newer): reinstall it with npm i -g @openai/codex", message);
    }

    [Fact]
    public void A_version_followed_by_a_long_stream_is_still_read_from_what_is_kept()
    {
        Assert.Null(Invoker().Check(Settings("codex", Fake("codex", "echo 'codex-cli 0.46.0'; head -c 100000000 /dev/zero"))));
    }

    [Fact]
    public void A_failing_version_command_fails_with_its_exit_code()
    {
        var command = Fake("gemini", "echo 'broken install' >&2; exit 1");

        var message = Invoker().Check(Settings("gemini", command));

        Assert.NotNull(message);
        Assert.Contains($"{command} --version exited 1: \"broken install\"", message);
    }

    [Fact]
    public void A_version_probe_that_outruns_its_limit_says_so_never_says_reinstall_and_asks_again_next_time()
    {
        var command = Fake("gemini", "exec sleep 600");

        // The limit also bounds the second probe, a shell's echo: on a busy machine starting it alone can take a second.
        var versions = new CliVersions(TimeSpan.FromSeconds(5));
        var settings = Settings("gemini", command);

        var message = GeminiAdapter.Cli.Check(settings, versions);

        Assert.NotNull(message);
        Assert.StartsWith($"{command} --version did not answer within 5 s", message);
        Assert.DoesNotContain("install", message);
        Assert.DoesNotContain('\n', message);

        File.WriteAllText(command, "#!/bin/sh\necho '0.61.0'\n");
        Assert.Null(GeminiAdapter.Cli.Check(settings, versions));
    }

    [Fact]
    public void A_version_printed_on_stderr_behind_a_banner_on_stdout_is_found()
    {
        Assert.Null(Invoker().Check(Settings("codex", Fake("codex", "echo 'Welcome to Codex'; echo 'codex-cli 0.169.0' >&2"))));
    }

    [Fact]
    public void The_verdict_is_cached_for_the_life_of_the_process()
    {
        var command = Fake("claude", "echo '2.0.0'");
        var invoker = Invoker();
        Assert.Null(invoker.Check(Settings("claude", command)));

        File.WriteAllText(command, "#!/bin/sh\necho '0.1.0'\n");

        Assert.Null(invoker.Check(Settings("claude", command)));
        Assert.NotNull(Invoker().Check(Settings("claude", command)));
    }

    [Theory]
    [InlineData("claude", "npm i -g @anthropic-ai/claude-code")]
    [InlineData("codex", "npm i -g @openai/codex")]
    [InlineData("gemini", "npm i -g @google/gemini-cli")]
    public void A_missing_cli_says_how_to_install_it(string kind, string install)
    {
        var message = Invoker().Check(Settings(kind, _dir.Combine("nowhere", "cli")));

        Assert.NotNull(message);
        Assert.Contains("not found on PATH", message);
        Assert.Contains(install, message);
    }

    [Fact]
    public void A_custom_agent_needs_a_command()
    {
        Assert.Contains("has no command", Invoker().Check(AgentSettings.Defaults with { Agent = Kind("custom") }));
        Assert.Null(Invoker().Check(AgentSettings.Defaults with { Agent = Kind("custom"), Command = Fake("mine", "exit 0") }));
    }

    [Fact]
    public void A_wrapper_under_another_name_is_not_held_to_a_version()
    {
        Assert.Null(Invoker().Check(Settings("claude", Fake("my-claude-wrapper", "echo '{\"type\":\"system\"}'"))));
    }

    [Fact]
    public void The_sim_agent_needs_nothing()
    {
        Assert.Null(Invoker().Check(AgentSettings.Defaults with { Agent = Kind("sim") }));
    }

    private CliAgentInvoker Invoker() =>
        new(new ProcessRunner(TimeProvider.System), new AgentLaunch("ias", []), _dir.Path, new AgentRecord(_dir.Combine("agent.pid")));

    private static AgentSettings Settings(string kind, string command) => AgentSettings.Defaults with { Agent = Kind(kind), Command = command };

    private static AgentKind Kind(string name) => AgentAdapters.Builtin.Find(name)!.Kind;

    private string Fake(string name, string body)
    {
        var folder = _dir.Combine("bin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
