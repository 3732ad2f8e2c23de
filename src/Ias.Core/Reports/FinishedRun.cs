namespace Ias.Core.Reports;

/// <summary>A Run Mode run (a sprint, a plan's sprint, a bug run) that ended in the report's window.</summary>
/// <param name="Kind">sprint, plan or bug.</param>
/// <param name="Id">The run's id.</param>
/// <param name="Word">How it ended, as everywhere else (`DONE — passed, draft PR opened`, `ENDED — after a halt: …`).</param>
/// <param name="At">When it ended.</param>
/// <param name="PrUrl">Its draft PR; null when it opened none.</param>
public sealed record FinishedRun(string Kind, string Id, string Word, DateTimeOffset At, string? PrUrl);
