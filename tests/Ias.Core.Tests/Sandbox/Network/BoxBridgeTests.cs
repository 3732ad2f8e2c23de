using System.Net;
using System.Net.Sockets;
using Ias.Core.Sandbox.Network;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox.Network;

/// <summary>The box's side of its network, on real sockets: a port of the box's loopback carried to a proxy's Unix socket.</summary>
public sealed class BoxBridgeTests : IDisposable
{
    /// <summary>More than a Unix socket holds, less than the loopback's TCP buffers do.</summary>
    private const int Sent = 1024 * 1024;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = 20_000)]
    public async Task A_bridge_told_to_stop_first_carries_out_what_the_agent_sent_before_it_exited()
    {
        // The proxy reads nothing until the bridge is told to stop: what the agent sent is then still in the bridge's path.
        using var proxy = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var path = _dir.Combine("proxy.sock");
        proxy.Bind(new UnixDomainSocketEndPoint(path));
        proxy.Listen(8);
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bridge = BoxBridge.RunAsync([(port, path)], listening.SetResult, stop.Token);
        await listening.Task;

        using (var agent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await agent.ConnectAsync(IPAddress.Loopback, port);
            await agent.SendAsync(new byte[Sent]);
        }

        await stop.CancelAsync();
        using var carried = await proxy.AcceptAsync();
        var received = await BoxProxyTests.CountToEnd(carried);
        await bridge;

        Assert.Equal(Sent, received);
    }

    [Fact]
    public void Words_that_are_not_port_equals_socket_are_refused_with_what_to_give()
    {
        Assert.Equal("box-net-bridge takes PORT=/path/to/socket words (got 80=relative.sock)", BoxBridge.Parse(["80=relative.sock"]).Problem);
        Assert.Equal("box-net-bridge needs at least one PORT=/path/to/socket", BoxBridge.Parse([]).Problem);
        Assert.Equal([(3128, "/run/ias-net/proxy.sock")], BoxBridge.Parse(["3128=/run/ias-net/proxy.sock"]).Forwards);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
