namespace Ias.Core.Config;

/// <summary>What network the agent's box has (ias.sandbox.network.mode).</summary>
public enum NetworkMode
{
    /// <summary>A network of its own that reaches, through ias's proxy, only its CLI's hosts and ias.sandbox.network.allow.</summary>
    Allowlist,

    /// <summary>The host's network, as it is.</summary>
    Open,

    /// <summary>A network of its own with nothing in it but its own loopback.</summary>
    None,
}
