using Ias.Core.Config;
using Ias.Core.Sandbox;
using Ias.Core.Sandbox.Network;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Sandbox.Network;

/// <summary>One turn's network: what the box's environment holds of proxies, which base URLs are let in, and when there is no way out.</summary>
public sealed class TurnNetworkTests
{
    private static readonly Dictionary<string, string?> UserProxy = new()
    {
        ["https_proxy"] = "http://user:s3cret@proxy.example.com:3128",
        ["HTTP_PROXY"] = "http://user:s3cret@proxy.example.com:3128",
        ["ALL_PROXY"] = "socks5://user:s3cret@proxy.example.com:1080",
    };

    [Fact(Timeout = 20_000)]
    public async Task The_allowlist_points_the_box_at_its_bridge_and_keeps_the_users_proxy_out()
    {
        await using var net = TurnNetwork.Start(NetworkMode.Allowlist, AgentNeeds.None, [], [], UserProxy, _ => { });

        Assert.Equal("http://127.0.0.1:3128", net.Variables["https_proxy"]);
        Assert.Equal("http://127.0.0.1:3128", net.Variables["HTTP_PROXY"]);
        Assert.Null(net.Variables["ALL_PROXY"]);
        Assert.DoesNotContain(net.Variables.Values, v => v?.Contains("s3cret", StringComparison.Ordinal) == true);
        Assert.Equal([(3128, $"{BoxNet.Inside}/proxy.sock")], net.Bridge);
        Assert.True(File.Exists(Path.Combine(net.Net!.Sockets!, "proxy.sock")));
    }

    [Fact(Timeout = 20_000)]
    public async Task A_loopback_base_url_gets_a_forward_of_its_own_port_and_the_proxy_moves_aside()
    {
        var needs = new AgentNeeds([], []) { Endpoints = ["ANTHROPIC_BASE_URL"] };
        var urls = TurnNetwork.VariableUrls(needs, new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:3128" });
        await using var net = TurnNetwork.Start(NetworkMode.Allowlist, needs, [], urls, new Dictionary<string, string?>(), _ => { });

        Assert.Equal([(3128, $"{BoxNet.Inside}/port-3128.sock"), (3129, $"{BoxNet.Inside}/proxy.sock")], net.Bridge);
        Assert.Equal("http://127.0.0.1:3129", net.Variables["https_proxy"]);
    }

    [Fact]
    public void A_config_files_base_url_lines_are_read_where_its_variable_points()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("config.toml"), "model = \"x\"\n[model_providers.fake]\nbase_url = \"http://127.0.0.1:8080/v1\"\n");
        var needs = new AgentNeeds([], []) { EndpointFiles = ["$CODEX_HOME/config.toml"] };

        Assert.Equal(["http://127.0.0.1:8080/v1"], TurnNetwork.FileUrls(needs, null, new Dictionary<string, string> { ["CODEX_HOME"] = dir.Path }));
    }

    [Fact(Timeout = 20_000)]
    public async Task None_and_an_offline_agent_get_a_network_with_no_way_out_and_no_proxy()
    {
        await using var none = TurnNetwork.Start(NetworkMode.None, AgentNeeds.None, [], [], UserProxy, _ => { });
        await using var offline = TurnNetwork.Start(NetworkMode.Allowlist, new AgentNeeds([], []) { Offline = true }, [], [], UserProxy, _ => { });

        foreach (var net in new[] { none, offline })
        {
            Assert.Same(BoxNet.Offline, net.Net);
            Assert.Empty(net.Bridge);
            Assert.All(UpstreamProxy.Variables, v => Assert.Null(net.Variables[v]));
        }
    }

    [Fact]
    public void Open_keeps_the_hosts_network()
    {
        var net = TurnNetwork.Start(NetworkMode.Open, AgentNeeds.None, [], [], UserProxy, _ => { });

        Assert.Null(net.Net);
        Assert.Empty(net.Variables);
        var (file, args) = net.Around("claude", ["-p"], "ias", [], "/tmp");
        Assert.Equal("claude", file);
        Assert.Equal(["-p"], args);
    }
}
