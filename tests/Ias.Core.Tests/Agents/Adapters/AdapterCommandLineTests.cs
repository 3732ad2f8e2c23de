using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Config;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class AdapterCommandLineTests
{
    private static readonly AgentLaunch Self = new("/usr/bin/ias", ["--flag"]);
    private static readonly string[] WriteFlags = ["acceptEdits", "Edit", "Write", "workspace-write", "auto_edit", "yolo", "--yolo", "bypassPermissions", "--dangerously-skip-permissions", "danger-full-access"];
    private static readonly string[] MostRecentFlags = ["--continue", "-c", "--last", "latest"];

    private static IAgentAdapter Adapter(string name) => AgentAdapters.Builtin.Find(name)!;

    private static AgentRequest Request(string kind, string role, string? model = null, string? command = null, params string[] args) =>
        new(Role.Parse(role), role == "implementer" ? "IMPLEMENT" : "REVIEW", 1, "sprint-1", "do it",
            AgentSettings.Defaults with { Agent = Adapter(kind).Kind, Model = model, Command = command, Args = args }, "/tmp/job");

    [Fact]
    public void Claude_implementer_streams_json_and_may_edit_with_the_listed_tools()
    {
        var launch = Adapter("claude").CommandLine(Request("claude", "implementer", "opus"), null, Self);

        Assert.Equal("claude", launch.FileName);
        Assert.Equal(
            ["-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools", "Read,Edit,Write,Glob,Grep,Bash", "--model", "opus"],
            launch.Args);
    }

    [Fact]
    public void Claude_reviewer_may_only_read_and_ask_a_person()
    {
        var launch = Adapter("claude").CommandLine(Request("claude", "reviewer"), null, Self);

        Assert.Equal(["-p", "--output-format", "stream-json", "--verbose", "--allowedTools", "Read,Glob,Grep,Bash(ias ask:*)"], launch.Args);
    }

    [Fact]
    public void Codex_implementer_gets_a_workspace_write_sandbox_without_approvals_and_a_shell_that_keeps_its_path()
    {
        var launch = Adapter("codex").CommandLine(Request("codex", "implementer", "gpt-5-codex"), null, Self);

        Assert.Equal("codex", launch.FileName);
        Assert.Equal(["exec", "--json", "-c", "allow_login_shell=false", "--sandbox", "workspace-write", "-c", "approval_policy=\"never\"", "--model", "gpt-5-codex"], launch.Args);
    }

    [Fact]
    public void Codex_auditor_gets_a_read_only_sandbox()
    {
        var launch = Adapter("codex").CommandLine(Request("codex", "auditor"), null, Self);

        Assert.Equal(["exec", "--json", "-c", "allow_login_shell=false", "--sandbox", "read-only"], launch.Args);
    }

    [Fact]
    public void Gemini_implementer_auto_edits_and_reviewer_asks_by_default_and_both_may_run_ias_ask()
    {
        var write = Adapter("gemini").CommandLine(Request("gemini", "implementer", "gemini-2.5-pro"), null, Self);
        var read = Adapter("gemini").CommandLine(Request("gemini", "reviewer"), null, Self);

        Assert.Equal("gemini", write.FileName);
        Assert.Equal(["-p", "", "--output-format", "stream-json", "--approval-mode", "auto_edit", "--allowed-tools", "run_shell_command(ias ask)", "--model", "gemini-2.5-pro"], write.Args);
        Assert.Equal(["-p", "", "--output-format", "stream-json", "--approval-mode", "default", "--allowed-tools", "run_shell_command(ias ask)"], read.Args);
    }

    [Fact]
    public void Gemini_trusts_the_workspace_through_its_environment()
    {
        Assert.Equal("true", Adapter("gemini").Environment["GEMINI_CLI_TRUST_WORKSPACE"]);
    }

    [Theory]
    [InlineData("claude", "reviewer")]
    [InlineData("claude", "auditor")]
    [InlineData("codex", "reviewer")]
    [InlineData("codex", "auditor")]
    [InlineData("gemini", "reviewer")]
    [InlineData("gemini", "auditor")]
    public void Read_only_roles_never_get_a_write_flag(string kind, string role)
    {
        var args = Adapter(kind).CommandLine(Request(kind, role), "s-1", Self).Args;

        Assert.DoesNotContain(args, a => WriteFlags.Any(flag => a.Split(',').Contains(flag)));
    }

    [Theory]
    [InlineData("claude", new[] { "--resume", "sess-42" })]
    [InlineData("codex", new[] { "resume", "sess-42" })]
    [InlineData("gemini", new[] { "--resume", "sess-42" })]
    public void Resume_names_the_session_and_never_the_most_recent(string kind, string[] expected)
    {
        foreach (var role in (string[])["implementer", "reviewer"])
        {
            var args = Adapter(kind).CommandLine(Request(kind, role), "sess-42", Self).Args.ToList();

            var at = args.IndexOf(expected[0]);
            Assert.True(at >= 0, string.Join(' ', args));
            Assert.Equal(expected[1], args[at + 1]);
            Assert.DoesNotContain(args, a => MostRecentFlags.Contains(a) && !(kind == "codex" && a == "-c"));
        }
    }

    [Fact]
    public void Codex_resume_comes_after_the_exec_options()
    {
        var args = Adapter("codex").CommandLine(Request("codex", "reviewer", null, null, "--skip-git-repo-check"), "sess-42", Self).Args;

        Assert.Equal(["exec", "--json", "-c", "allow_login_shell=false", "--sandbox", "read-only", "--skip-git-repo-check", "resume", "sess-42"], args);
    }

    [Fact]
    public void Without_a_session_no_adapter_resumes()
    {
        foreach (var kind in (string[])["claude", "codex", "gemini"])
        {
            var args = Adapter(kind).CommandLine(Request(kind, "implementer"), null, Self).Args;

            Assert.DoesNotContain("--resume", args);
            Assert.DoesNotContain("resume", args);
        }
    }

    [Fact]
    public void Configured_command_and_args_are_passed_through()
    {
        var launch = Adapter("claude").CommandLine(Request("claude", "reviewer", null, "/opt/claude", "--max-turns", "30"), null, Self);

        Assert.Equal("/opt/claude", launch.FileName);
        Assert.Equal(["--max-turns", "30"], launch.Args.TakeLast(2));
    }

    [Fact]
    public void Custom_runs_the_configured_command_with_its_args_only()
    {
        var launch = Adapter("custom").CommandLine(Request("custom", "implementer", "ignored", "my-agent", "--fast"), "sess-1", Self);

        Assert.Equal("my-agent", launch.FileName);
        Assert.Equal(["--fast"], launch.Args);
        Assert.IsType<PlainTextParser>(Adapter("custom").NewParser(TimeProvider.System));
    }

    [Fact]
    public void Sim_launches_this_program_and_is_read_as_claude()
    {
        var launch = Adapter("sim").CommandLine(Request("sim", "implementer", null, null, "--scenario", "x"), null, Self);

        Assert.Equal("/usr/bin/ias", launch.FileName);
        Assert.Equal(["--flag", "sim-agent", "--scenario", "x"], launch.Args);
        Assert.IsType<ClaudeStreamParser>(Adapter("sim").NewParser(TimeProvider.System));
    }

    [Theory]
    [InlineData("claude", "claude", "--resume")]
    [InlineData("codex", "codex", "resume")]
    [InlineData("gemini", "gemini", "--resume")]
    public void A_session_reopens_for_a_person_by_its_own_id_never_the_most_recent(string kind, string file, string verb)
    {
        var launch = Adapter(kind).Interactive(AgentSettings.Defaults with { Agent = Adapter(kind).Kind }, "s-42", Self)!;

        Assert.Equal(file, launch.FileName);
        Assert.Equal([verb, "s-42"], launch.Args);
    }

    [Fact]
    public void The_simulated_agent_reopens_as_this_program_and_a_custom_command_cannot()
    {
        var sim = Adapter("sim").Interactive(AgentSettings.Defaults, "s-42", Self)!;

        Assert.Equal("/usr/bin/ias", sim.FileName);
        Assert.Equal(["--flag", "sim-agent", "--interactive", "--resume", "s-42"], sim.Args);
        Assert.Null(Adapter("custom").Interactive(AgentSettings.Defaults with { Command = "mine" }, "s-42", Self));
    }
}
