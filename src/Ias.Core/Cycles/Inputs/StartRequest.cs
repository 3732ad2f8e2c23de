namespace Ias.Core.Cycles.Inputs;

/// <summary>`ias run TARGET …`: the target sprint, its options and an optional branch name.</summary>
public sealed record StartRequest(string Target, RunOptions Options, string? Branch);
