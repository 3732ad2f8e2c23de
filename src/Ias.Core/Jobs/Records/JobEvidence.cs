namespace Ias.Core.Jobs.Records;

/// <summary>What a finished job reports as its evidence: its commits, the files they changed, and a PR if one was opened.</summary>
public sealed record JobEvidence(IReadOnlyList<string> Commits, IReadOnlyList<string> ChangedFiles, string? PrUrl)
{
    public static JobEvidence None { get; } = new([], [], null);
}
