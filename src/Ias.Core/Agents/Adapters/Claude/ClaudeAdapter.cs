using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Sandbox;
using Ias.Core.Sandbox.Network;

namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>Claude Code headless: <c>claude -p --output-format stream-json --verbose</c>, edit tools for the implementer only.</summary>
public sealed class ClaudeAdapter() : VendorAdapter(Cli, "--resume")
{
    // stream-json with --verbose, --permission-mode, --allowedTools and --resume are all in 1.0.
    public static InstalledCli Cli { get; } = new("claude", "Claude Code", "npm i -g @anthropic-ai/claude-code", new Version(1, 0, 0));

    public override AgentKind Kind { get; } = new("claude");

    // Its login and settings; ANTHROPIC_* and CLAUDE_* are its keys, endpoint and models, the rest its documented switches.
    // .credentials.json holds the OAuth tokens it refreshes (rotating the refresh token), so it stays the user's own; the
    // transcripts in projects/ and the rest of its history are the user's sessions, not its settings.
    public override AgentNeeds Needs { get; } = new(
        ["~/.claude", "~/.claude.json", "$CLAUDE_CONFIG_DIR"],
        ["ANTHROPIC_*", "CLAUDE_*", "DISABLE_*", "API_TIMEOUT_MS", "BASH_DEFAULT_TIMEOUT_MS", "BASH_MAX_TIMEOUT_MS", "BASH_MAX_OUTPUT_LENGTH",
            "MAX_THINKING_TOKENS", "MAX_MCP_OUTPUT_TOKENS", "MCP_TIMEOUT", "MCP_TOOL_TIMEOUT", "CLOUD_ML_REGION"])
    {
        Tokens = ["~/.claude/.credentials.json", "$CLAUDE_CONFIG_DIR/.credentials.json"],
        History = [.. new[] { "~/.claude", "$CLAUDE_CONFIG_DIR" }.SelectMany(d => new[] { "projects", "file-history", "shell-snapshots", "todos", "debug" }.Select(f => $"{d}/{f}"))],
        Hosts = AgentHosts.Claude,
        Endpoints = AgentHosts.ClaudeEndpoints,
        KeyFiles = [.. new[] { "~/.claude/settings.json", "$CLAUDE_CONFIG_DIR/settings.json" }.Select(f => new KeyFile(f, ClaudeKeyHelper.Variables) { HomeFiles = ClaudeKeyHelper.HomeFiles })],
    };

    public override IStreamParser NewParser(TimeProvider clock) => new ClaudeStreamParser(clock);

    // A key or token in the environment is a login `claude auth status` does not know about.
    public override string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(probe);
        string[] keys = ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN"];
        return !Cli.IsItself(command) || keys.Any(k => environment.TryGetValue(k, out var v) && v is { Length: > 0 })
            ? null
            : probe.StatusSays(command, ["auth", "status"], "run `claude` once and /login, or set ANTHROPIC_API_KEY");
    }

    // stream-json needs --verbose; tools outside the allowed list are denied in print mode, so reviewers cannot edit,
    // and of the shell they get `ias ask` alone, to ask a person as their prompt says they may.
    protected override IEnumerable<string> Flags(AgentRequest request)
    {
        string[] tools = Roles.Writes(request)
            ? ["--permission-mode", "acceptEdits", "--allowedTools", "Read,Edit,Write,Glob,Grep,Bash"]
            : ["--allowedTools", $"Read,Glob,Grep,Bash({AskInstructions.Command}:*)"];
        return ["-p", "--output-format", "stream-json", "--verbose", .. tools];
    }
}
