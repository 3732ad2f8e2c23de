using System.Text.RegularExpressions;

namespace Ias.Core.Bugs;

/// <summary>High-risk area detection: a suspected file whose path names auth, payment, migration or secret handling is high risk.</summary>
public static partial class HighRisk
{
    /// <summary>The original Run Mode tools' pattern list, verbatim.</summary>
    public static IReadOnlyList<string> Patterns { get; } =
    [
        "auth", "authentication", "login", "password", "token", "jwt", "oauth",
        "payment", "billing", "charge", "stripe", "checkout",
        "migration", "schema", "database", "db",
        "encrypt", "decrypt", "secret", "credential", "key",
    ];

    /// <summary>The original tools' message for an autonomous run that meets a high-risk area without --allow-high.</summary>
    public const string HaltMessage = "High-risk area detected (auth/payment/migration). Use --allow-high to proceed.";

    /// <summary>The pattern a path matches, or null. Paths are split into words (`auth/session_token.py` → auth, session, token, py);
    /// a word matches a pattern it equals, its plural, or (patterns of four letters or more) a word it begins (auth → authorize).</summary>
    public static string? Match(string path)
    {
        foreach (var word in Words().Split(path.ToLowerInvariant()).Where(w => w.Length > 0))
        {
            foreach (var pattern in Patterns)
            {
                if (word == pattern || word == pattern + "s" || (pattern.Length >= 4 && word.StartsWith(pattern, StringComparison.Ordinal)))
                {
                    return pattern;
                }
            }
        }

        return null;
    }

    /// <summary>The paths among <paramref name="paths"/> that are high risk, in order.</summary>
    public static IReadOnlyList<string> Filter(IEnumerable<string> paths) => [.. paths.Where(p => Match(p) is not null)];

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex Words();
}
