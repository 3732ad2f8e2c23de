namespace Ias.Core.Storage;

/// <summary>A request queued in ias.db for the engine: halt (optionally forced) or resume (optionally resetting the breaker with --reset-ice).</summary>
public sealed record ControlRequest(long Id, ControlKind Kind, DateTimeOffset At, string? Reason, bool Force, bool ResetIce);
