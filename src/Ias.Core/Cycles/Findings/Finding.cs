namespace Ias.Core.Cycles.Findings;

/// <summary>One finding of a reviewer's or auditor's verdict block.</summary>
public sealed record Finding(string Id, string Severity, string Title, string? File, int? Line);
