using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ias.Core.Sandbox.Network;

namespace Ias.Bench;

/// <summary>
/// An API call on loopback, straight to a model API and through the box's path out: the bridge's TCP port (as inside the
/// box), its Unix socket, and ias's proxy, which tunnels (a loopback base URL's forward) or answers CONNECT (any other
/// host). Each call opens its connection, sends a request and reads a 16 KiB answer; the kept variants reuse one connection.
/// </summary>
[WarmupCount(5)]
[IterationCount(30)]
public class ProxyBenchmarks
{
    private const int AnswerBytes = 16 * 1024;
    private static readonly byte[] Request = "POST /v1/messages HTTP/1.1\r\nHost: api\r\nContent-Length: 2\r\n\r\n{}"u8.ToArray();

    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _api;
    private BoxProxy? _proxy;
    private string _dir = "";
    private int _apiPort;
    private int _forwardPort;
    private int _proxyPort;
    private Socket? _keptDirect;
    private Socket? _keptProxied;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("ias-bench-").FullName;
        _api = Listen(0);
        _apiPort = ((IPEndPoint)_api.LocalEndPoint!).Port;
        _ = Task.Run(() => ServeAsync(_api));
        _proxy = new BoxProxy(new HostAllowlist([$"127.0.0.1:{_apiPort}"]), null, _ => { });
        _proxy.Forward(Path.Combine(_dir, "fwd.sock"), "127.0.0.1", _apiPort);
        _proxy.Listen(Path.Combine(_dir, "proxy.sock"));
        _forwardPort = FreePort();
        _proxyPort = FreePort();
        using var ready = new CountdownEvent(1);
        _ = BoxBridge.RunAsync([(_forwardPort, Path.Combine(_dir, "fwd.sock")), (_proxyPort, Path.Combine(_dir, "proxy.sock"))], () => ready.Signal(), _stop.Token);
        ready.Wait();
        _keptDirect = Connect(_apiPort);
        _keptProxied = Connect(_proxyPort);
        Tunnel(_keptProxied);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keptDirect?.Dispose();
        _keptProxied?.Dispose();
        _stop.Cancel();
        _proxy?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _api?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "straight to the API, a connection each call")]
    public int Direct()
    {
        using var s = Connect(_apiPort);
        return Call(s);
    }

    [Benchmark(Description = "a loopback base URL's forward: bridge, Unix socket, proxy")]
    public int Forwarded()
    {
        using var s = Connect(_forwardPort);
        return Call(s);
    }

    [Benchmark(Description = "CONNECT through the bridge and ias's proxy, a tunnel each call")]
    public int Connected()
    {
        using var s = Connect(_proxyPort);
        Tunnel(s);
        return Call(s);
    }

    [Benchmark(Description = "straight to the API, one kept connection")]
    public int DirectKept() => Call(_keptDirect!);

    [Benchmark(Description = "through ias's proxy, one kept tunnel")]
    public int ConnectedKept() => Call(_keptProxied!);

    private int Call(Socket s)
    {
        s.Send(Request);
        return Read(s, AnswerBytes + Head(AnswerBytes).Length);
    }

    private void Tunnel(Socket s)
    {
        s.Send(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{_apiPort} HTTP/1.1\r\nHost: 127.0.0.1:{_apiPort}\r\n\r\n"));
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = s.Receive(_buffer, 0, 1, SocketFlags.None);
            if (n == 0 || head.Length > 4096)
            {
                throw new InvalidOperationException("the proxy closed the tunnel: " + head);
            }

            head.Append((char)_buffer[0]);
        }

        if (!head.ToString().StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the proxy refused the tunnel: " + head);
        }
    }

    private int Read(Socket s, int bytes)
    {
        var got = 0;
        while (got < bytes)
        {
            var n = s.Receive(_buffer, 0, Math.Min(_buffer.Length, bytes - got), SocketFlags.None);
            got += n > 0 ? n : throw new InvalidOperationException($"the answer ended after {got} of {bytes} bytes");
        }

        return got;
    }

    /// <summary>The model API: for each request on a connection, a 16 KiB answer, until the client closes it.</summary>
    private static async Task ServeAsync(Socket listener)
    {
        var answer = Encoding.ASCII.GetBytes(Head(AnswerBytes) + new string('x', AnswerBytes));
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    client.NoDelay = true;
                    var buffer = new byte[4096];
                    try
                    {
                        // A request is its head and two bytes of body, read whole before the answer goes.
                        var seen = 0;
                        while (await client.ReceiveAsync(buffer) is var n and > 0)
                        {
                            seen += n;
                            if (seen >= Request.Length)
                            {
                                seen -= Request.Length;
                                await client.SendAsync(answer);
                            }
                        }
                    }
                    catch (SocketException)
                    {
                        // The client went.
                    }
                }
            });
        }
    }

    private static string Head(int length) => $"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n";

    private static Socket Connect(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        s.Connect(IPAddress.Loopback, port);
        return s;
    }

    private static Socket Listen(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, port));
        s.Listen(128);
        return s;
    }

    private static int FreePort()
    {
        using var s = Listen(0);
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
