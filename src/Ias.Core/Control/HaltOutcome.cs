namespace Ias.Core.Control;

/// <summary>What a halt did: sent to the live <paramref name="Engine"/> (its pid and host), or nothing when no engine was alive.</summary>
public sealed record HaltOutcome(bool Sent, string? Engine);
