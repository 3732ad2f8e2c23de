namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>Recognises failure classes in the free text Claude Code prints when it gives up.</summary>
internal static class ClaudeFailureText
{
    // The CLI changes its wording between versions, so each class matches several known phrasings.
    private static readonly string[] UsageLimitPhrases =
    [
        "usage limit", "hit your limit", "limit reached", "out of extra usage",
    ];

    private static readonly string[] AuthPhrases =
    [
        "invalid api key", "please run /login", "authentication", "oauth token", "api error: 401",
        "unauthorized", "not logged in",
    ];

    private static readonly string[] NetworkPhrases =
    [
        "econnreset", "econnrefused", "enotfound", "etimedout", "socket hang up", "fetch failed",
        "network", "connection error", "request timed out", "overloaded", "api error: 5",
    ];

    public static bool IsUsageLimit(string text) => ContainsAny(text, UsageLimitPhrases);

    public static bool IsAuth(string text) => ContainsAny(text, AuthPhrases);

    public static bool IsNetwork(string text) => ContainsAny(text, NetworkPhrases);

    private static bool ContainsAny(string text, string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
