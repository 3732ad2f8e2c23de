using System.Text.RegularExpressions;
using Ias.Core.Storage;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Reads a failure class from the text agent CLIs print when they give up, shared by every adapter; a usage limit's
/// reset time is read against the injected clock.
/// </summary>
public sealed partial class FailureClassifier(TimeProvider clock)
{
    // Order matters: the first row that matches wins, so the specific classes come before the broad ones
    // ("max turns limit reached" is incomplete, not a limit; "rate limit ... stream disconnected" is transient; an
    // "authentication error" the CLI says may be a passing network issue is retried, not halted on).
    private static readonly (FailureClass Class, Regex Pattern)[] Table =
    [
        (FailureClass.Incomplete, Rx(@"max(imum)?[ _-]?(session )?turns|turn limit|execution limit reached|context (length|window)|context_length_exceeded|prompt is too long|input is too long|too many tokens|budget")),
        (FailureClass.Network, Rx(@"temporary network issue")),
        (FailureClass.Auth, Rx(@"not logged in|not signed in|log ?in required|please (run /login|log ?in)|\brun (claude )?/login|claude auth login|login (has )?expired|login reached its time limit|sign in again|re-?authenticate|failed to authenticate|invalid[ _-]?(api[ _-]?key|x-api-key|bearer token|access token)|api key not valid|(bearer|access) token (is )?(invalid|expired)|(session|token) (has )?expired|\bunauthori[sz]ed\b|\b401\b|authentication|oauth token|codex login|no auth|set an auth method")),
        (FailureClass.Billing, Rx(@"credit balance|billing|insufficient_quota|exceeded your current quota|\b402\b|payment required|out of (usage )?credits|is out of usage\b|add funds|usage credit cap|permission_denied|permission denied calling|\b403\b|denied access|access (is |has been )?denied|\bforbidden(:| error)")),
        (FailureClass.UsageLimit, Rx(@"usage[ -]limit|out of extra usage|hit your (\w+ )?limit|reached your limit|limit will reset|limit reached\b.*\bresets?\b|rate-limit-options|\bresets?\s+(at\s+)?\d|try again at|daily quota|quota exceeded.*per ?day|exhausted your (daily )?quota")),
        (FailureClass.ConfigError, Rx(@"unknown (option|argument)|unexpected argument|unrecognized (option|argument|subcommand)|invalid (flag|option)|invalid value for|cannot be used with root|with root/sudo|sim scenario [^:]+: |missing environment variable|environment variable \S+ (is )?not set")),
        (FailureClass.Transient, Rx(@"\b429\b|rate[ _-]?limit|too many requests|concurrency limit|please wait and try again|\b(500|502|503|504|529)\b|overloaded|internal server error|service unavailable|bad gateway|resource_exhausted")),
        (FailureClass.Network, Rx(@"econnrefused|econnreset|enotfound|etimedout|eai_again|socket hang up|fetch failed|network|stream disconnected|reconnecting|connection (error|refused|reset)|error sending request|\bdns\b")),
    ];

    /// <summary>The class the text names, or null when it names none; a usage limit always comes with a reset time.</summary>
    public Classified? Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (failureClass, pattern) in Table)
        {
            if (pattern.IsMatch(text))
            {
                return new Classified(failureClass, failureClass == FailureClass.UsageLimit ? ResetTime(text) : null);
            }
        }

        return null;
    }

    /// <summary>How <see cref="Explained"/> begins a variable the box lacks.</summary>
    public const string NeedsVariable = "needs the variable ";

    /// <summary>
    /// <paramref name="detail"/> said so a person can act on it: a variable the CLI's configuration names but its box lacks
    /// is named with the way to let it in; anything else is left as it is.
    /// </summary>
    public static string Explained(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return MissingVariable().Match(detail) is { Success: true } m
            ? $"{NeedsVariable}{m.Groups[1].Value}, which its box does not have: export it and add {m.Groups[1].Value} to ias.sandbox.allow in .loa.config.yaml ({ShortText.Cut(detail, 120)})"
            : detail;
    }

    [GeneratedRegex(@"(?:missing environment variable|environment variable)[:\s]*[`'""]?([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MissingVariable();

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
