namespace Ias.Core.Cycles.Live;

/// <summary>The gate kept an agent call from starting: why, until when for a wait, and the one line that says so.</summary>
public sealed record CallRefusal(CallRefusalKind Kind, DateTimeOffset? WaitUntil, string Line);
