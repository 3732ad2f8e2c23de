namespace Ias.Core.Sandbox;

/// <summary>
/// The agent's environment is an allowlist: it starts empty, and only these variables of the user's enter, with its
/// adapter's API variables, the names in ias.sandbox.allow and what the engine sets for the turn. No queue connection,
/// token or socket path of the user's reaches an agent by accident.
/// </summary>
public static class BoxEnvironment
{
    /// <summary>What every program needs to run and reach the network: paths, locale, terminal, time zone, who it is, proxies and CA certificates.</summary>
    public static readonly string[] Common =
    [
        "PATH", "HOME", "TMPDIR", "LANG", "LANGUAGE", "LC_*", "TERM", "COLORTERM", "NO_COLOR", "TZ", "USER", "LOGNAME", "SHELL",
        "http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO",
        "NO_UPDATE_NOTIFIER", "DOTNET_ROOT",
    ];

    /// <summary>Set for every process in the box: a .NET program there (ias itself) opens no diagnostics socket another process could use.</summary>
    public static readonly KeyValuePair<string, string> NoDiagnostics = new("DOTNET_EnableDiagnostics", "0");

    /// <summary>The variables of <paramref name="inherited"/> an agent with <paramref name="needs"/> may see, <paramref name="allow"/> letting more in by name.</summary>
    public static Dictionary<string, string> Filter(IReadOnlyDictionary<string, string?> inherited, AgentNeeds needs, IReadOnlyCollection<string> allow)
    {
        ArgumentNullException.ThrowIfNull(inherited);
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(allow);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in inherited)
        {
            if (value is not null && (Matches(name, Common) || Matches(name, needs.Variables) || allow.Contains(name)))
            {
                env[name] = value;
            }
        }

        return env;
    }

    /// <summary>
    /// The variables the user's own CLI configuration names for its keys (<see cref="AgentNeeds.KeyFiles"/>), read from the
    /// files of the user's <paramref name="home"/> outside the box; a push credential (<see cref="BoxLayout.CredentialVariables"/>)
    /// is never one of them, whatever a file says: only ias.sandbox.allow lets such a name in.
    /// </summary>
    public static IReadOnlyList<string> KeyVariables(AgentNeeds needs, string? home, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(needs);
        return [.. needs.KeyFiles.SelectMany(k => AgentNeeds.Texts([k.Path], home, environment).SelectMany(k.Names))
            .Where(n => !BoxLayout.CredentialVariables.Contains(n)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="name"/> is one of <paramref name="patterns"/> (a name, or a prefix ending in '*').</summary>
    public static bool Matches(string name, IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Any(p => p.EndsWith('*') ? name.StartsWith(p[..^1], StringComparison.Ordinal) : name == p);
    }
}
