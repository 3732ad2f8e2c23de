namespace Ias.Core.Git;

/// <summary>What publishing did: pushed or not, a draft PR opened (or updated) and its URL, or why the push failed.</summary>
public sealed record PublishOutcome(bool Pushed, bool PrCreated, string? PrUrl, string? PushError)
{
    /// <summary>Why gh could not open or update the draft PR after a push that worked; null when it did, or was not asked to.</summary>
    public string? PrError { get; init; }

    public static PublishOutcome Nothing { get; } = new(false, false, null, null);
}
