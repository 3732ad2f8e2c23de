using Ias.Core.Cycles.Inputs;

namespace Ias.Core.Bugs;

/// <summary>`ias run --bug "description" [--from-issue N] [--allow-high]` with the run options of its micro-sprint.</summary>
public sealed record BugRequest(string? Description, int? FromIssue, bool AllowHigh, RunOptions Options);
