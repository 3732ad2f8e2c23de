using System.Net.Sockets;
using System.Text;

namespace Ias.Core.Sandbox.Network;

/// <summary>
/// The user's own HTTP proxy (https_proxy, http_proxy), which ias's proxy goes through with its credentials: the box never
/// sees them. Every connection is a `CONNECT` tunnel, plain HTTP too, so one code path carries both.
/// </summary>
public sealed class UpstreamProxy
{
    private readonly string[] _bypass;

    private UpstreamProxy(string host, int port, string? authorization, string[] bypass)
    {
        Host = host;
        Port = port;
        Authorization = authorization;
        _bypass = bypass;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The Proxy-Authorization value made of the URL's user and password; null when it has none.</summary>
    internal string? Authorization { get; }

    /// <summary>The variables that name it, in the order they are read; all of them stay out of the box.</summary>
    public static readonly string[] Variables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

    /// <summary>The proxy <paramref name="environment"/> names; null when it names none, or one that is no http:// URL.</summary>
    public static UpstreamProxy? From(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = Variables.Take(6).Select(v => environment.GetValueOrDefault(v)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (url is null)
        {
            return null;
        }

        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "http://" + url;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.Host.Length == 0)
        {
            return null;
        }

        string? auth = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var pass = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            auth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pass));
        }

        var bypass = (environment.GetValueOrDefault("no_proxy") ?? environment.GetValueOrDefault("NO_PROXY") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new UpstreamProxy(uri.IdnHost, uri.Port, auth, bypass);
    }

    /// <summary>Whether the user's no_proxy sends <paramref name="host"/> straight out instead.</summary>
    public bool Bypasses(string host) =>
        _bypass.Any(b => b == "*" || host.Equals(b.TrimStart('.'), StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + b.TrimStart('*').TrimStart('.'), StringComparison.OrdinalIgnoreCase));

    /// <summary>A tunnel to <paramref name="host"/>:<paramref name="port"/> through the proxy; an IOException saying why when it refuses.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Host, Port, ct);
            var target = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
            var head = $"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n" + (Authorization is null ? "" : $"Proxy-Authorization: {Authorization}\r\n") + "\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head), ct);
            var (reply, rest) = await HttpHead.ReadAsync(socket, ct);
            var status = reply?.Split(' ', 3) is [_, var code, ..] ? code : "";
            if (status != "200" || rest.Length > 0)
            {
                throw new IOException($"the upstream proxy {Host}:{Port} refused {target} ({reply?.Split('\n')[0].Trim() ?? "no answer"})");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
