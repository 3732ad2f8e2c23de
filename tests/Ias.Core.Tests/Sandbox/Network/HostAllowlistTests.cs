using Ias.Core.Sandbox.Network;

namespace Ias.Core.Tests.Sandbox.Network;

/// <summary>Which hosts the box's proxy lets through: names, wildcards, and loopback only as an exact host and port.</summary>
public sealed class HostAllowlistTests
{
    [Fact]
    public void A_name_allows_that_host_on_any_port_and_no_other()
    {
        var allow = new HostAllowlist(["api.anthropic.com"]);

        Assert.True(allow.Allows("api.anthropic.com", 443));
        Assert.True(allow.Allows("API.Anthropic.com.", 80));
        Assert.False(allow.Allows("evil.anthropic.com", 443));
        Assert.False(allow.Allows("api.anthropic.com.evil.test", 443));
    }

    [Fact]
    public void A_wildcard_allows_the_subdomains_but_not_a_name_that_only_ends_alike()
    {
        var allow = new HostAllowlist(["*.googleapis.com"]);

        Assert.True(allow.Allows("generativelanguage.googleapis.com", 443));
        Assert.True(allow.Allows("a.b.googleapis.com", 443));
        Assert.False(allow.Allows("evilgoogleapis.com", 443));
        Assert.False(allow.Allows("googleapis.com.evil.test", 443));
    }

    [Fact]
    public void Loopback_is_reached_only_at_the_exact_port_a_pair_names()
    {
        var allow = new HostAllowlist(["127.0.0.1:8080", "localhost", "127.0.0.1", "*.localhost", "::1"]);

        Assert.True(allow.Allows("127.0.0.1", 8080));
        Assert.False(allow.Allows("127.0.0.1", 22));
        Assert.False(allow.Allows("localhost", 8080));
        Assert.False(allow.Allows("db.localhost", 5432));
        Assert.False(allow.Allows("::1", 8080));
        Assert.False(allow.Allows("[::1]", 22));
        Assert.False(allow.Allows("0.0.0.0", 8080));
    }

    [Fact]
    public void An_empty_list_allows_nothing()
    {
        var allow = new HostAllowlist([]);

        Assert.False(allow.Allows("api.openai.com", 443));
        Assert.False(allow.Allows("127.0.0.1", 443));
    }
}
