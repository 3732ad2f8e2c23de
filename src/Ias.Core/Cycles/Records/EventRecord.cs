namespace Ias.Core.Cycles.Records;

/// <summary>One line of a run's event log; <see cref="Id"/> grows, so a reader polls with the last id it saw.</summary>
public sealed record EventRecord(long Id, string RunId, DateTimeOffset At, string Kind, string Message);
