namespace Ias.Core.Git;

/// <summary>What publishing did: pushed or not, a draft PR opened (or updated) and its URL, or why the push failed.</summary>
public sealed record PublishOutcome(bool Pushed, bool PrCreated, string? PrUrl, string? PushError)
{
    /// <summary>Why gh could not open or update the draft PR after a push that worked; null when it did, or was not asked to.</summary>
    public string? PrError { get; init; }

    /// <summary>
    /// Why the work is not where the run was asked to put it, in the words of the remote or of gh: a refused push, no gh, gh
    /// not signed in, gh's own error; null when it is there, or when it was kept back on purpose (a local run, no remote, a
    /// push the person declined, create_draft_pr off).
    /// </summary>
    public string? NotPublished { get; init; }

    public static PublishOutcome Nothing { get; } = new(false, false, null, null);
}
