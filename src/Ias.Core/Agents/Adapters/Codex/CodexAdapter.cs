using Ias.Core.Config;
using Ias.Core.Sandbox;
using Ias.Core.Sandbox.Network;

namespace Ias.Core.Agents.Adapters.Codex;

/// <summary>Codex CLI: <c>codex exec --json</c>, a workspace-write sandbox for the implementer and read-only for the rest.</summary>
// `codex exec … resume <id>` is the headless form, where exec options go before the resume subcommand (every Codex version
// with `exec resume` accepts them there); plain `codex resume <id>` opens the session in Codex's own interface.
public sealed class CodexAdapter() : VendorAdapter(Cli, "resume", resumesLast: true)
{
    // The thread/turn/item JSONL of `exec --json` and `exec resume` arrived in 0.44.
    public static InstalledCli Cli { get; } = new("codex", "Codex CLI", "npm i -g @openai/codex", new Version(0, 44, 0));

    public override AgentKind Kind { get; } = new("codex");

    // Its login, config and sessions live in CODEX_HOME (~/.codex by default); its keys are OPENAI_* and CODEX_*. auth.json
    // holds the ChatGPT login's tokens it refreshes (rotating the refresh token), so it stays the user's own.
    public override AgentNeeds Needs { get; } = new(["~/.codex", "$CODEX_HOME"], ["OPENAI_*", "CODEX_*"])
    {
        Tokens = ["~/.codex/auth.json", "$CODEX_HOME/auth.json"],
        History = ["~/.codex/sessions", "~/.codex/archived_sessions", "~/.codex/log", "$CODEX_HOME/sessions", "$CODEX_HOME/archived_sessions", "$CODEX_HOME/log"],
        Hosts = AgentHosts.Codex,
        Endpoints = AgentHosts.CodexEndpoints,
        EndpointFiles = ConfigFiles,
        KeyFiles = [.. ConfigFiles.Select(f => new KeyFile(f, KeyNames.EnvKeyLines))],
    };

    // A provider of the user's own (OpenRouter, Azure, a company gateway) names its base URL and the variable of its key there.
    private static readonly string[] ConfigFiles = ["$CODEX_HOME/config.toml", "~/.codex/config.toml"];

    public override IStreamParser NewParser(TimeProvider clock) => new CodexStreamParser(clock);

    public override string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(probe);
        return !Cli.IsItself(command) || !AsksOpenAi(environment)
            ? null
            : probe.StatusSays(command, ["login", "status"], "run `codex login`, or set CODEX_API_KEY");
    }

    // A key in the environment or a model provider of the user's own (config.toml) is a login `codex login status` does not know about.
    private static bool AsksOpenAi(IReadOnlyDictionary<string, string?> environment)
    {
        string? Env(string name) => environment.TryGetValue(name, out var v) ? v : null;
        if (Env("CODEX_API_KEY") is { Length: > 0 } || Env("OPENAI_API_KEY") is { Length: > 0 })
        {
            return false;
        }

        var home = Env("CODEX_HOME") ?? Path.Combine(Env("HOME") ?? "", ".codex");
        var config = Path.Combine(home, "config.toml");
        return !File.Exists(config) || !File.ReadLines(config).Any(line =>
            line.TrimStart().StartsWith("model_provider", StringComparison.Ordinal) && !line.Contains("\"openai\"", StringComparison.Ordinal));
    }

    // Commands run in a plain shell, not a login one: a login shell reads /etc/profile, which on Debian sets PATH anew
    // and so drops what ias put first on it, ICE's git shim and the `ias` that asks a person.
    protected override IEnumerable<string> Flags(AgentRequest request)
    {
        string[] sandbox = request.InBox
            // Codex's own sandbox is bubblewrap too, and the box keeps no capability to build one inside it; the box's
            // mounts already hold a reading role to a read-only tree and a writing one to the work tree.
            ? ["--sandbox", "danger-full-access", "-c", "approval_policy=\"never\""]
            : Roles.Writes(request) ? ["--sandbox", "workspace-write", "-c", "approval_policy=\"never\""]
            : ["--sandbox", "read-only"];
        return ["exec", "--json", "-c", "allow_login_shell=false", .. sandbox];
    }
}
