using Ias.Core.Config;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Asks a CLI whether it is logged in where it can tell without a model call (issue 3 §5): <c>claude auth status</c>,
/// <c>codex login status</c>, gemini's settings and environment. Asked once per CLI per process, before its first turn.
/// </summary>
public sealed class LoginProbe
{
    private readonly Dictionary<string, string?> _verdicts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Null when the CLI is logged in or cannot tell; otherwise what the CLI said and how to log in, in one line.</summary>
    public string? Problem(AgentKind kind, string command, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        if (kind == AgentKind.Gemini && Path.GetFileName(command) == "gemini")
        {
            return GeminiProblem(environment);
        }

        var (cli, args, howTo) = kind switch
        {
            AgentKind.Claude => ("claude", new[] { "auth", "status" }, "run `claude` once and /login, or set ANTHROPIC_API_KEY"),
            AgentKind.Codex => ("codex", new[] { "login", "status" }, "run `codex login`, or set CODEX_API_KEY"),
            _ => ((string?)null, Array.Empty<string>(), ""),
        };
        if (cli is null || Path.GetFileName(command) != cli || !AsksTheVendor(kind, environment))
        {
            return null;
        }

        lock (_gate)
        {
            if (_verdicts.TryGetValue(command, out var cached))
            {
                return cached;
            }
        }

        var (exitCode, output, error) = CliVersions.Probe(command, args);

        // Only a clear "no" halts: a probe that could not run leaves the verdict to the first turn.
        var verdict = error is null && exitCode != 0
            && (output.Contains("not logged in", StringComparison.OrdinalIgnoreCase) || output.Contains("\"loggedIn\": false", StringComparison.Ordinal))
            ? $"`{cli} {string.Join(' ', args)}` says {Json.Shorten(output.ReplaceLineEndings(" "), 80)}; {howTo}"
            : null;
        lock (_gate)
        {
            _verdicts[command] = verdict;
        }

        return verdict;
    }

    // Gemini has no status command, but it refuses to start (exit 41) without an auth method in its settings or environment.
    private static string? GeminiProblem(IReadOnlyDictionary<string, string?> environment)
    {
        string[] keys = ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_GCA", "GOOGLE_CLOUD_PROJECT"];
        if (keys.Any(k => environment.TryGetValue(k, out var v) && v is { Length: > 0 }))
        {
            return null;
        }

        var home = environment.TryGetValue("HOME", out var h) ? h ?? "" : "";
        var settings = Path.Combine(home, ".gemini", "settings.json");
        return File.Exists(settings) && File.ReadAllText(settings) is var text
            && (text.Contains("selectedType", StringComparison.Ordinal) || text.Contains("selectedAuthType", StringComparison.Ordinal))
            ? null
            : $"gemini has no auth method (no GEMINI_API_KEY, none selected in {settings}); run `gemini` once to log in, or set GEMINI_API_KEY";
    }

    // A key in the environment or a model provider of the user's own (codex's config.toml) is a login the status command does not know about.
    private static bool AsksTheVendor(AgentKind kind, IReadOnlyDictionary<string, string?> environment)
    {
        string? Env(string name) => environment.TryGetValue(name, out var v) ? v : null;
        if (kind == AgentKind.Claude)
        {
            return Env("ANTHROPIC_API_KEY") is not { Length: > 0 } && Env("CLAUDE_CODE_OAUTH_TOKEN") is not { Length: > 0 } && Env("ANTHROPIC_AUTH_TOKEN") is not { Length: > 0 };
        }

        if (Env("CODEX_API_KEY") is { Length: > 0 } || Env("OPENAI_API_KEY") is { Length: > 0 })
        {
            return false;
        }

        var home = Env("CODEX_HOME") ?? Path.Combine(Env("HOME") ?? "", ".codex");
        var config = Path.Combine(home, "config.toml");
        return !File.Exists(config) || !File.ReadLines(config).Any(line =>
            line.TrimStart().StartsWith("model_provider", StringComparison.Ordinal) && !line.Contains("\"openai\"", StringComparison.Ordinal));
    }
}
