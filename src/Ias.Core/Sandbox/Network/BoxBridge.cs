using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ias.Core.Sandbox.Network;

/// <summary>
/// Inside the box: listens on the box's own 127.0.0.1 at each port and carries every connection to a Unix socket of ias's
/// proxy outside, the only way out of the box's network.
/// </summary>
/// <remarks>Told to stop (SIGTERM, once the agent has exited), it carries out what the agent already sent before it ends.</remarks>
public static class BoxBridge
{
    /// <summary>How long a stopping bridge waits for what the agent sent to reach the proxy.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    /// <summary>`ias box-net-bridge PORT=SOCKET…` in an agent's box: says "ready" on <paramref name="output"/> once it listens, then forwards until SIGTERM.</summary>
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

        using var stop = new CancellationTokenSource();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await RunAsync(forwards, () =>
            {
                output.WriteLine("ready");
                output.Flush();
            }, stop.Token);
            return 0;
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"ias box-net-bridge: {e.Message}: the box's network could not be set up");
            return 1;
        }
    }

    /// <summary>Binds every port, calls <paramref name="ready"/>, then forwards until <paramref name="ct"/> stops it; a port it cannot bind is an exception.</summary>
    public static async Task RunAsync(IReadOnlyList<(int Port, string Socket)> forwards, Action ready, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(forwards);
        ArgumentNullException.ThrowIfNull(ready);
        var server = new TunnelServer();
        foreach (var (port, socket) in forwards)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                listener.Listen(128);
            }
            catch
            {
                listener.Dispose();
                await server.StopAsync(TimeSpan.Zero);
                throw;
            }

            server.Serve(listener, (client, sent) => CarryAsync(client, socket, sent, server.Stopped));
        }

        ready();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            await server.StopAsync(Drain);
        }
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

    private static async Task CarryAsync(Socket client, string socket, Action sent, CancellationToken ct)
    {
        using var proxy = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.NoDelay = true;
        await proxy.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
        await TunnelServer.PipeAsync(client, proxy, sent, ct);
    }
}
