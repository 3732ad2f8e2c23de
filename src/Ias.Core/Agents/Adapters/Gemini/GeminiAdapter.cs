using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Sandbox;
using Ias.Core.Sandbox.Network;

namespace Ias.Core.Agents.Adapters.Gemini;

/// <summary>Gemini CLI headless: the prompt on stdin, <c>--output-format stream-json</c>, auto_edit approval for the implementer only.</summary>
public sealed class GeminiAdapter() : VendorAdapter(Cli, "--resume")
{
    /// <summary>How to give gemini an auth method it can start with headless, for messages that say it has none.</summary>
    public const string HowToLogIn =
        "set security.auth.selectedType in ~/.gemini/settings.json (run `gemini` once to choose and log in), or set GEMINI_API_KEY";

    // --output-format stream-json arrived in 0.11.
    public static InstalledCli Cli { get; } = new("gemini", "Gemini CLI", "npm i -g @google/gemini-cli", new Version(0, 11, 0));

    public override AgentKind Kind { get; } = new("gemini");

    // Headless Gemini refuses untrusted folders; the --skip-trust flag came and went between versions, the variable works in all.
    public override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
    };

    // Its settings and login live in ~/.gemini, or .gemini in GEMINI_CLI_HOME; its keys are GEMINI_* and GOOGLE_*.
    // oauth_creds.json holds the Google login's tokens it refreshes, so it stays the user's own.
    public override AgentNeeds Needs { get; } = new(["~/.gemini", "$GEMINI_CLI_HOME/.gemini"], ["GEMINI_*", "GOOGLE_*"])
    {
        Tokens = ["~/.gemini/oauth_creds.json", "$GEMINI_CLI_HOME/.gemini/oauth_creds.json"],
        History = ["~/.gemini/tmp", "~/.gemini/history", "$GEMINI_CLI_HOME/.gemini/tmp", "$GEMINI_CLI_HOME/.gemini/history"],
        Hosts = AgentHosts.Gemini,
        Endpoints = AgentHosts.GeminiEndpoints,
        // Gemini resolves a `$NAME` or `${NAME}` in any string of its settings from its environment as it loads them.
        KeyFiles = [new("~/.gemini/settings.json", KeyNames.InJsonStrings), new("$GEMINI_CLI_HOME/.gemini/settings.json", KeyNames.InJsonStrings)],
    };

    public override IStreamParser NewParser(TimeProvider clock) => new GeminiStreamParser(clock);

    // Gemini has no status command, but it refuses to start (exit 41) without an auth method in its settings or environment.
    public override string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string[] keys = ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_GCA", "GOOGLE_CLOUD_PROJECT"];
        if (!Cli.IsItself(command) || keys.Any(k => environment.TryGetValue(k, out var v) && v is { Length: > 0 }))
        {
            return null;
        }

        var home = environment.TryGetValue("HOME", out var h) ? h ?? "" : "";
        var settings = Path.Combine(home, ".gemini", "settings.json");
        return File.Exists(settings) && File.ReadAllText(settings) is var text
            && (text.Contains("selectedType", StringComparison.Ordinal) || text.Contains("selectedAuthType", StringComparison.Ordinal))
            ? null
            : $"gemini has no auth method (no GEMINI_API_KEY, none selected in {settings}); {HowToLogIn}";
    }

    // An empty -p selects headless mode; the CLI appends the prompt it reads from stdin. Headless, a tool that would ask
    // for approval is not offered at all, the shell included: every role is allowed `ias ask`, and no other command.
    protected override IEnumerable<string> Flags(AgentRequest request) =>
    [
        "-p", "", "--output-format", "stream-json", "--approval-mode", Roles.Writes(request) ? "auto_edit" : "default",
        "--allowed-tools", $"run_shell_command({AskInstructions.Command})",
    ];
}
