namespace Ias.Core.Sandbox.Network;

/// <summary>
/// The hosts each vendor's CLI talks to (its API, login and telemetry), which its box may reach through ias's proxy, and the
/// variables and config lines that name a base URL of the user's own. One table, read by each adapter's <see cref="AgentNeeds"/>.
/// </summary>
public static class AgentHosts
{
    /// <summary>Claude Code: the API, the console and claude.ai logins, its statsig and sentry telemetry.</summary>
    public static readonly string[] Claude =
    [
        "api.anthropic.com", "console.anthropic.com", "claude.ai", "*.claude.ai", "*.anthropic.com",
        "statsig.anthropic.com", "statsig.com", "*.statsig.com", "sentry.io", "*.sentry.io",
    ];

    /// <summary>Claude Code's base URLs: its own endpoint, Bedrock's and Vertex's.</summary>
    public static readonly string[] ClaudeEndpoints = ["ANTHROPIC_BASE_URL", "ANTHROPIC_BEDROCK_BASE_URL", "ANTHROPIC_VERTEX_BASE_URL"];

    /// <summary>Codex: the OpenAI API, ChatGPT's backend and its login.</summary>
    public static readonly string[] Codex = ["api.openai.com", "chatgpt.com", "*.chatgpt.com", "auth.openai.com", "*.openai.com"];

    /// <summary>Codex's base URL variable; its config.toml names others (`base_url = "…"`).</summary>
    public static readonly string[] CodexEndpoints = ["OPENAI_BASE_URL"];

    /// <summary>Gemini CLI: the Gemini API, Code Assist, Google's OAuth login and its usage statistics.</summary>
    public static readonly string[] Gemini =
    [
        "generativelanguage.googleapis.com", "cloudcode-pa.googleapis.com", "oauth2.googleapis.com", "accounts.google.com",
        "www.googleapis.com", "play.googleapis.com", "aiplatform.googleapis.com", "*-aiplatform.googleapis.com",
    ];

    /// <summary>Gemini CLI's base URL variables.</summary>
    public static readonly string[] GeminiEndpoints = ["GOOGLE_GEMINI_BASE_URL", "GOOGLE_VERTEX_BASE_URL"];
}
