using System.Net;
using System.Net.Sockets;

namespace Ias.Core.Sandbox.Network;

/// <summary>
/// Inside the box: listens on the box's own 127.0.0.1 at each port and carries every connection to a Unix socket of ias's
/// proxy outside, the only way out of the box's network.
/// </summary>
public static class BoxBridge
{
    /// <summary>`ias box-net-bridge PORT=SOCKET…` in an agent's box: says "ready" on <paramref name="output"/> once it listens, then forwards until the box ends.</summary>
    public static async Task<int> MainAsync(IReadOnlyList<string> words, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (forwards, problem) = Parse(words);
        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        try
        {
            await RunAsync(forwards, () =>
            {
                output.WriteLine("ready");
                output.Flush();
            }, CancellationToken.None);
            return 0;
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"ias box-net-bridge: {e.Message}: the box's network could not be set up");
            return 1;
        }
    }

    /// <summary>Binds every port, calls <paramref name="ready"/>, then forwards until the box ends; a port it cannot bind is an exception.</summary>
    public static async Task RunAsync(IReadOnlyList<(int Port, string Socket)> forwards, Action ready, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(forwards);
        ArgumentNullException.ThrowIfNull(ready);
        var listeners = forwards.Select(f =>
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, f.Port));
            listener.Listen(128);
            return (listener, f.Socket);
        }).ToList();
        ready();
        await Task.WhenAll(listeners.Select(l => AcceptAsync(l.listener, l.Socket, ct)));
    }

    /// <summary>Reads "PORT=SOCKET" words; a problem line when one is not.</summary>
    public static (IReadOnlyList<(int Port, string Socket)> Forwards, string? Problem) Parse(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var forwards = new List<(int, string)>();
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(word.AsSpan(0, eq), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535 || !Path.IsPathRooted(word[(eq + 1)..]))
            {
                return ([], $"box-net-bridge takes PORT=/path/to/socket words (got {word})");
            }

            forwards.Add((port, word[(eq + 1)..]));
        }

        return forwards.Count == 0 ? ([], "box-net-bridge needs at least one PORT=/path/to/socket") : (forwards, null);
    }

    private static async Task AcceptAsync(Socket listener, string socket, CancellationToken ct)
    {
        using (listener)
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(ct);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        using var proxy = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        try
                        {
                            client.NoDelay = true;
                            await proxy.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                            await Task.WhenAll(BoxProxy.CopyAsync(client, proxy, ct), BoxProxy.CopyAsync(proxy, client, ct));
                        }
                        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
                        {
                            // The proxy is gone (the turn ended): this connection ends with it.
                        }
                    }
                }, ct);
            }
        }
    }
}
