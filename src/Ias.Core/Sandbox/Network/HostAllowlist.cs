using System.Globalization;
using System.Net;

namespace Ias.Core.Sandbox.Network;

/// <summary>
/// The hosts the box may reach: names ("api.anthropic.com", any port), wildcards ("*.googleapis.com", its subdomains) and
/// exact "host:port" pairs. A loopback address is only ever a pair: the host's own services stay out of reach but the one
/// port a base URL names.
/// </summary>
public sealed class HostAllowlist
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];
    private readonly HashSet<(string, int)> _pairs = [];

    public HostAllowlist(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var raw in patterns)
        {
            var p = raw.Trim().TrimEnd('.');
            if (p.StartsWith("*.", StringComparison.Ordinal) && p.Length > 2)
            {
                _suffixes.Add(p[1..]);
            }
            else if (Split(p) is ({ } host, { } port))
            {
                _pairs.Add((host.ToLowerInvariant(), port));
            }
            else if (p.Length > 0 && !IsLoopback(p))
            {
                _names.Add(p);
            }
        }
    }

    /// <summary>Whether the box may open a connection to <paramref name="host"/> on <paramref name="port"/>.</summary>
    public bool Allows(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (_pairs.Contains((h, port)))
        {
            return true;
        }

        if (IsLoopback(h))
        {
            return false;
        }

        return _names.Contains(h) || _suffixes.Any(s => h.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether <paramref name="host"/> names this machine itself: localhost or a loopback address.</summary>
    public static bool IsLoopback(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var h = host.Trim('[', ']').TrimEnd('.');
        return h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(h, out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
    }

    /// <summary>"host:port" (or "[::1]:port") split; nulls when there is no port.</summary>
    public static (string? Host, int? Port) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || (text.Count(c => c == ':') > 1 && !text.StartsWith('[')))
        {
            return (null, null);
        }

        return int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (text[..colon].Trim('[', ']'), port)
            : (null, null);
    }
}
