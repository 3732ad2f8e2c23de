using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ias.Core.Sandbox.Network;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox.Network;

/// <summary>ias's proxy for the box, on real sockets: what it lets through, what it refuses, and the user's proxy behind it.</summary>
public sealed class BoxProxyTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _refused = new();

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = 20_000)]
    public async Task A_connect_to_an_allowed_host_and_port_carries_bytes_both_ways()
    {
        using var server = Listen();
        var port = Port(server);
        await using var proxy = Proxy([$"127.0.0.1:{port}"]);
        var served = Task.Run(async () =>
        {
            using var s = await server.AcceptAsync();
            var got = await ReadSome(s);
            await s.SendAsync(Encoding.ASCII.GetBytes("pong:" + got));
        });

        using var client = await ConnectAsync();
        await client.SendAsync(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{port} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\nping"));
        var answer = await ReadUntil(client, "pong:ping");

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.EndsWith("pong:ping", answer, StringComparison.Ordinal);
        await served;
        Assert.Empty(_refused);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_host_off_the_list_is_refused_with_403_and_reported_once()
    {
        using var server = Listen();
        var port = Port(server);
        await using var proxy = Proxy(["api.anthropic.com"]);

        for (var i = 0; i < 2; i++)
        {
            using var client = await ConnectAsync();
            await client.SendAsync(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{port} HTTP/1.1\r\n\r\n"));
            var answer = await ReadToEnd(client);
            Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
            Assert.Contains("ias.sandbox.network.allow", answer, StringComparison.Ordinal);
        }

        Assert.Equal([$"127.0.0.1:{port}"], _refused);
        server.Blocking = false;
        Assert.Throws<SocketException>(() => server.Accept());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_plain_http_request_reaches_the_server_in_origin_form_without_proxy_headers()
    {
        using var server = Listen();
        var port = Port(server);
        await using var proxy = Proxy([$"127.0.0.1:{port}"]);
        var served = Task.Run(async () =>
        {
            using var s = await server.AcceptAsync();
            var head = await ReadUntil(s, "\r\n\r\n");
            await s.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
            s.Shutdown(SocketShutdown.Send);
            return head;
        });

        using var client = await ConnectAsync();
        await client.SendAsync(Encoding.ASCII.GetBytes(
            $"GET http://127.0.0.1:{port}/v1/messages?x=1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nProxy-Authorization: Basic c2VjcmV0\r\nProxy-Connection: keep-alive\r\n\r\n"));
        var answer = await ReadToEnd(client);
        var head = await served;

        Assert.StartsWith("GET /v1/messages?x=1 HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Proxy-", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Connection: close", head, StringComparison.Ordinal);
        Assert.EndsWith("ok", answer, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task The_users_proxy_is_used_with_its_password_which_the_client_never_gives()
    {
        // The user's proxy: answers the CONNECT, then echoes what comes through the tunnel.
        using var upstream = Listen();
        var upstreamPort = Port(upstream);
        var seen = Task.Run(async () =>
        {
            using var s = await upstream.AcceptAsync();
            var head = await ReadUntil(s, "\r\n\r\n");
            await s.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray());
            var body = await ReadSome(s);
            await s.SendAsync(Encoding.ASCII.GetBytes("echo:" + body));
            return head;
        });
        var env = new Dictionary<string, string?> { ["https_proxy"] = $"http://user%40corp:p%3Ass@127.0.0.1:{upstreamPort}" };
        await using var proxy = Proxy(["api.openai.com"], UpstreamProxy.From(env));

        using var client = await ConnectAsync();
        await client.SendAsync("CONNECT api.openai.com:443 HTTP/1.1\r\n\r\nhello"u8.ToArray());
        var answer = await ReadUntil(client, "echo:hello");
        var head = await seen;

        Assert.StartsWith("CONNECT api.openai.com:443 HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Proxy-Authorization: Basic " + Convert.ToBase64String("user@corp:p:ss"u8.ToArray()), head, StringComparison.Ordinal);
        Assert.EndsWith("echo:hello", answer, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_forward_carries_a_raw_connection_to_its_one_host_and_port()
    {
        using var server = Listen();
        var port = Port(server);
        await using var proxy = new BoxProxy(new HostAllowlist([]), null, _refused.Enqueue);
        var socket = _dir.Combine("fwd.sock");
        proxy.Forward(socket, "127.0.0.1", port);
        var served = Task.Run(async () =>
        {
            using var s = await server.AcceptAsync();
            await s.SendAsync(Encoding.ASCII.GetBytes("raw:" + await ReadSome(s)));
        });

        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await client.SendAsync("bytes"u8.ToArray());

        Assert.Equal("raw:bytes", await ReadUntil(client, "raw:bytes"));
        await served;
    }

    [Fact(Timeout = 20_000)]
    public async Task Closing_the_proxy_first_carries_out_what_a_client_sent_before_it_went()
    {
        // The host reads nothing until the proxy is closing, through a small window: what the client sent is then still
        // in the proxy's socket.
        const int sent = 150 * 1024;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(8);
        var proxy = new BoxProxy(new HostAllowlist([]), null, _refused.Enqueue);
        var socket = _dir.Combine("fwd.sock");
        proxy.Forward(socket, "127.0.0.1", Port(server));

        using (var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            await client.SendAsync(new byte[sent]);
        }

        var closing = proxy.DisposeAsync();
        using var host = await server.AcceptAsync();
        var received = await CountToEnd(host);
        await closing;

        Assert.Equal(sent, received);
    }

    private BoxProxy Proxy(string[] hosts, UpstreamProxy? upstream = null)
    {
        var proxy = new BoxProxy(new HostAllowlist(hosts), upstream, _refused.Enqueue);
        proxy.Listen(_dir.Combine("proxy.sock"));
        return proxy;
    }

    private async Task<Socket> ConnectAsync()
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(_dir.Combine("proxy.sock")));
        return client;
    }

    private static Socket Listen()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.Listen(8);
        return s;
    }

    private static int Port(Socket s) => ((IPEndPoint)s.LocalEndPoint!).Port;

    private static async Task<string> ReadSome(Socket s)
    {
        var buffer = new byte[4096];
        var n = await s.ReceiveAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    private static async Task<string> ReadUntil(Socket s, string end)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(end, StringComparison.Ordinal))
        {
            var n = await s.ReceiveAsync(buffer);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }

    /// <summary>How many bytes <paramref name="s"/> gives until its end.</summary>
    internal static async Task<long> CountToEnd(Socket s)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await s.ReceiveAsync(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static async Task<string> ReadToEnd(Socket s)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = await s.ReceiveAsync(buffer)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}
