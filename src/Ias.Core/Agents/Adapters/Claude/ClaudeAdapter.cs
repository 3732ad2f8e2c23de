using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Sandbox;

namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>Claude Code headless: <c>claude -p --output-format stream-json --verbose</c>, edit tools for the implementer only.</summary>
public sealed class ClaudeAdapter : IAgentAdapter
{
    // stream-json with --verbose, --permission-mode, --allowedTools and --resume are all in 1.0.
    public static InstalledCli Cli { get; } = new("claude", "Claude Code", "npm i -g @anthropic-ai/claude-code", new Version(1, 0, 0));

    public AgentKind Kind { get; } = new("claude");

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    // Its login and settings; ANTHROPIC_* and CLAUDE_* are its keys, endpoint and models, the rest its documented switches.
    public AgentNeeds Needs { get; } = new(
        ["~/.claude", "~/.claude.json", "$CLAUDE_CONFIG_DIR"],
        ["ANTHROPIC_*", "CLAUDE_*", "DISABLE_*", "API_TIMEOUT_MS", "BASH_DEFAULT_TIMEOUT_MS", "BASH_MAX_TIMEOUT_MS", "BASH_MAX_OUTPUT_LENGTH",
            "MAX_THINKING_TOKENS", "MAX_MCP_OUTPUT_TOKENS", "MCP_TIMEOUT", "MCP_TOOL_TIMEOUT", "CLOUD_ML_REGION"]);

    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = request.Settings;

        // stream-json needs --verbose; tools outside the allowed list are denied in print mode, so reviewers cannot edit,
        // and of the shell they get `ias ask` alone, to ask a person as their prompt says they may.
        var args = new List<string> { "-p", "--output-format", "stream-json", "--verbose" };
        if (Roles.Writes(request))
        {
            args.AddRange(["--permission-mode", "acceptEdits", "--allowedTools", "Read,Edit,Write,Glob,Grep,Bash"]);
        }
        else
        {
            args.AddRange(["--allowedTools", $"Read,Glob,Grep,Bash({AskInstructions.Command}:*)"]);
        }

        if (s.Model is not null)
        {
            args.AddRange(["--model", s.Model]);
        }

        if (resumeSessionId is not null)
        {
            args.AddRange(["--resume", resumeSessionId]);
        }

        args.AddRange(s.Args);
        return new AgentLaunch(s.Command ?? Cli.Executable, args);
    }

    public AgentLaunch? Interactive(AgentSettings settings, string sessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AgentLaunch(settings.Command ?? Cli.Executable, ["--resume", sessionId]);
    }

    public IStreamParser NewParser(TimeProvider clock) => new ClaudeStreamParser(clock);

    public string? Check(AgentSettings settings, CliVersions versions) => Cli.Check(settings, versions);

    // A key or token in the environment is a login `claude auth status` does not know about.
    public string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(probe);
        string[] keys = ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN"];
        return !Cli.IsItself(command) || keys.Any(k => environment.TryGetValue(k, out var v) && v is { Length: > 0 })
            ? null
            : probe.StatusSays(command, ["auth", "status"], "run `claude` once and /login, or set ANTHROPIC_API_KEY");
    }
}
