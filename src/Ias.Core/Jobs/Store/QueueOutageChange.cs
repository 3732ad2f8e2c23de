namespace Ias.Core.Jobs.Store;

/// <summary>
/// A runner's database went away, came back or was given up on: <paramref name="Since"/> when it went away;
/// <paramref name="At"/> when it comes back, when it was given up, or (while lost) when the runner will give up on it.
/// </summary>
public sealed record QueueOutageChange(QueueOutageKind Kind, DateTimeOffset Since, DateTimeOffset At, string Cause);
