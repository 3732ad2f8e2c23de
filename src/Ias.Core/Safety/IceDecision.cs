namespace Ias.Core.Safety;

/// <summary>ICE's answer to one command: allowed, or refused with the reason shown to the agent and logged.</summary>
public sealed record IceDecision(bool Allowed, string? Reason)
{
    public static IceDecision Allow { get; } = new(true, null);

    public static IceDecision Refuse(string reason) => new(false, reason);
}
