namespace Ias.Core.Reports;

/// <summary>Failed jobs that share a failure class (network, config_error, …): the reason of the last of them, and their ids.</summary>
public sealed record FailureGroup(string Failure, string Reason, IReadOnlyList<string> Jobs);
