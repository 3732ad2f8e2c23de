namespace Ias.Core.Agents.Adapters;

/// <summary>How sure an adapter is that a stream is its CLI's; the surest claim wins, and the registry's order breaks a tie.</summary>
public enum StreamClaim
{
    /// <summary>Not this CLI's.</summary>
    None,

    /// <summary>Could be this CLI's, when no adapter knows the line for certain (any JSON for Claude, any text for a custom command).</summary>
    Likely,

    /// <summary>An event only this CLI's format has.</summary>
    Certain,
}
