using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ias.Core.Sandbox.Network;

/// <summary>
/// ias's own proxy for one turn's box, outside it, on Unix sockets the box can reach: HTTP `CONNECT` and plain HTTP to the
/// hosts of its <see cref="HostAllowlist"/>, straight out or through the user's <see cref="UpstreamProxy"/>; every other
/// host is refused with a 403 and reported once. A forward is a raw tunnel to one allowed host and port (a loopback base URL).
/// </summary>
public sealed class BoxProxy(HostAllowlist allow, UpstreamProxy? upstream, Action<string> refused) : IAsyncDisposable
{
    /// <summary>How long a closing proxy waits for what the box already sent to reach its hosts.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    private readonly TunnelServer _server = new();
    private readonly HashSet<string> _reported = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Starts answering proxy requests on a Unix socket at <paramref name="path"/>.</summary>
    public void Listen(string path) => Start(path, (client, sent) => ProxyAsync(client, sent, _server.Stopped));

    /// <summary>Starts tunnelling each connection on a Unix socket at <paramref name="path"/> to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public void Forward(string path, string host, int port) => Start(path, async (client, sent) =>
    {
        using var target = await OpenAsync(host, port, _server.Stopped);
        await TunnelServer.PipeAsync(client, target, sent, _server.Stopped);
    });

    private void Start(string path, Func<Socket, Action, Task> serve)
    {
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(128);
        _server.Serve(listener, serve);
    }

    private async Task ProxyAsync(Socket client, Action sent, CancellationToken ct)
    {
        var (head, rest) = await HttpHead.ReadAsync(client, ct);
        var lines = head?.Split("\r\n") ?? [];
        var words = lines.FirstOrDefault()?.Split(' ') ?? [];
        if (words.Length != 3)
        {
            await AnswerAsync(client, "400 Bad Request", "ias's proxy reads HTTP/1.1 requests only", ct);
            return;
        }

        var connect = words[0].Equals("CONNECT", StringComparison.OrdinalIgnoreCase);
        var (host, port, path) = connect ? Authority(words[1]) : Absolute(words[1]);
        if (host is null)
        {
            await AnswerAsync(client, "400 Bad Request", $"ias's proxy needs an absolute http:// URL or CONNECT host:port (got {words[1]})", ct);
            return;
        }

        if (!allow.Allows(host, port))
        {
            Refuse(host, port);
            await AnswerAsync(client, "403 Forbidden", $"ias's box may not reach {host}:{port}: add it to ias.sandbox.network.allow in .loa.config.yaml if the agent needs it", ct);
            return;
        }

        Socket target;
        try
        {
            target = await OpenAsync(host, port, ct);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // A tunnel's client reads 502 as the connection failing. A plain request's would read it as the server's answer
            // and retry it as a server error, quietly: the connection is closed instead, as a host that cannot be reached is.
            if (connect)
            {
                await AnswerAsync(client, "502 Bad Gateway", $"ias's proxy could not reach {host}:{port}: {e.Message}", ct);
            }

            return;
        }

        using (target)
        {
            byte[] first;
            if (connect)
            {
                await client.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), ct);
                first = rest;
            }
            else
            {
                // Origin form for the server, one request per connection: a client that goes on sends its next one anew.
                var kept = lines.Skip(1).Where(l => l.Length > 0 && !Named(l, "proxy-connection") && !Named(l, "proxy-authorization") && !Named(l, "connection"));
                var text = $"{words[0]} {path} {words[2]}\r\n" + string.Concat(kept.Select(l => l + "\r\n")) + "Connection: close\r\n\r\n";
                first = [.. Encoding.Latin1.GetBytes(text), .. rest];
            }

            if (first.Length > 0)
            {
                await target.SendAsync(first, ct);
            }

            await TunnelServer.PipeAsync(client, target, sent, ct);
        }
    }

    private void Refuse(string host, int port)
    {
        var shown = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        lock (_gate)
        {
            if (!_reported.Add(shown))
            {
                return;
            }
        }

        refused(shown);
    }

    /// <summary>A connection to an allowed host: a loopback pair straight to this machine, the rest through the user's proxy or out.</summary>
    private async Task<Socket> OpenAsync(string host, int port, CancellationToken ct)
    {
        var loopback = HostAllowlist.IsLoopback(host);
        if (!loopback && upstream is not null && !upstream.Bypasses(host))
        {
            return await upstream.ConnectAsync(host, port, ct);
        }

        IPAddress[] addresses = loopback ? [host.Contains(':', StringComparison.Ordinal) ? IPAddress.IPv6Loopback : IPAddress.Loopback]
            : IPAddress.TryParse(host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(host, ct);

        // An allowed name that resolves to this machine does not open the host's own services.
        addresses = loopback ? addresses : [.. addresses.Where(a => !IPAddress.IsLoopback(a) && !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any))];
        if (addresses.Length == 0)
        {
            throw new IOException($"{host} has no address outside this machine");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task AnswerAsync(Socket client, string status, string message, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        var head = $"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        byte[] answer = [.. Encoding.ASCII.GetBytes(head), .. body];
        await client.SendAsync(answer, ct);
    }

    private static bool Named(string line, string name) =>
        line.Length > name.Length && line[name.Length] == ':' && line.StartsWith(name, StringComparison.OrdinalIgnoreCase);

    private static (string? Host, int Port, string Path) Authority(string target) =>
        HostAllowlist.Split(target) is ({ } host, { } port) ? (host, port, "") : (null, 0, "");

    private static (string? Host, int Port, string Path) Absolute(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.Host.Length > 0
            ? (uri.IdnHost.Trim('[', ']'), uri.Port, uri.PathAndQuery)
            : (null, 0, "");

    /// <summary>Stops answering; what the box already sent is carried out first, for a few seconds at most.</summary>
    public async ValueTask DisposeAsync() => await _server.StopAsync(Drain);
}
