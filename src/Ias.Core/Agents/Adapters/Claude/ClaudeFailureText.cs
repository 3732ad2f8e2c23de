namespace Ias.Core.Agents.Adapters.Claude;

/// <summary>Recognises failure classes in the free text Claude Code prints when it gives up.</summary>
internal static class ClaudeFailureText
{
    // The CLI changes its wording between versions, so each class matches several known phrasings. "Unauthorized" is the
    // shared table's, as a word: inside a name (NODE_TLS_REJECT_UNAUTHORIZED in node's warning) it is no failure.
    private static readonly string[] UsageLimitPhrases =
    [
        "usage limit", "hit your limit", "limit reached", "out of extra usage",
    ];

    private static readonly string[] AuthPhrases =
    [
        "invalid api key", "please run /login", "authentication", "oauth token", "api error: 401", "not logged in",
    ];

    private static readonly string[] NetworkPhrases =
    [
        "econnreset", "econnrefused", "enotfound", "etimedout", "socket hang up", "fetch failed",
        "network", "connection error", "request timed out", "overloaded", "api error: 5",
    ];

    /// <summary>The class the older phrases name, a usage limit before a login before the network; null when they name none.</summary>
    public static FailureClass? Read(string text) =>
        ContainsAny(text, UsageLimitPhrases) ? FailureClass.UsageLimit
        : ContainsAny(text, AuthPhrases) ? FailureClass.Auth
        : ContainsAny(text, NetworkPhrases) ? FailureClass.Network
        : null;

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
