using System.Net;
using System.Net.Sockets;
using Ias.Core.Sandbox;
using Ias.Core.Sandbox.Network;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox.Network;

/// <summary>The box's own network, built by real bubblewrap: the host's loopback and interfaces out of reach, the proxy's sockets in view.</summary>
public sealed class BoxNetTests : IDisposable
{
    private readonly GitRepo _repo = new();
    private readonly TempDir _scratch = new();
    private readonly TempDir _sockets = new();

    public void Dispose()
    {
        _repo.Dispose();
        _scratch.Dispose();
        _sockets.Dispose();
    }

    [BoxFact]
    public void A_box_with_a_network_of_its_own_reaches_no_host_loopback_and_sees_only_its_own_interface()
    {
        using var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        host.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        host.Listen(4);
        var port = ((IPEndPoint)host.LocalEndPoint!).Port;

        var lines = Run(BoxNet.Offline, $"""
            (echo hello > /dev/tcp/127.0.0.1/{port}) 2>/dev/null && echo "host reached" || echo "host unreachable"
            echo "interfaces: $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | paste -sd, -)"
            """);

        Assert.Equal(["host unreachable", "interfaces: lo"], lines);
        host.Blocking = false;
        Assert.Throws<SocketException>(() => host.Accept());
    }

    [BoxFact]
    public void Without_a_network_of_its_own_the_box_still_has_the_hosts()
    {
        using var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        host.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        host.Listen(4);
        var port = ((IPEndPoint)host.LocalEndPoint!).Port;

        var lines = Run(null, $"(echo hello > /dev/tcp/127.0.0.1/{port}) 2>/dev/null && echo \"host reached\" || echo \"host unreachable\"");

        Assert.Equal(["host reached"], lines);
    }

    [BoxFact(Timeout = 20_000)]
    public async Task The_proxys_sockets_are_in_view_read_only()
    {
        await using var proxy = new BoxProxy(new HostAllowlist([]), null, _ => { });
        proxy.Listen(Path.Combine(_sockets.Path, "proxy.sock"));

        var lines = Run(new BoxNet(_sockets.Path), $"""
            test -S {BoxNet.Inside}/proxy.sock && echo "proxy socket there"
            touch {BoxNet.Inside}/planted 2>/dev/null || echo "folder read-only"
            """);

        Assert.Equal(["proxy socket there", "folder read-only"], lines);
    }

    private List<string> Run(BoxNet? net, string script)
    {
        using var command = new AgentBox(BoxLayout.For(_repo.Git, [])).Wrap("/bin/bash", ["-c", script], writes: false, _scratch.Path, net: net);
        return BoxProcess.Run(command).Lines;
    }
}
