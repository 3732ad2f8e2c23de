using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Turns;

/// <summary>
/// What a commit after a turn left: <see cref="Sha"/> the commit ias made (null when the tree held nothing to commit) and
/// <see cref="Head"/> the branch's head after it, which the agent's own commits may have moved too.
/// </summary>
public sealed record TurnCommit(string? Sha, string Head)
{
    /// <summary>Commits what is left in the tree; null when nothing was committed since <paramref name="before"/>, by ias or by the agent.</summary>
    public static TurnCommit? Make(GitCli git, string before, string message) => After(git, before, git.CommitAll(Outgoing(message)));

    /// <summary>The commit <paramref name="sha"/> just made (null for none) and the head after it; null when the head is still <paramref name="before"/>.</summary>
    public static TurnCommit? After(GitCli git, string before, string? sha) =>
        (sha ?? git.HeadSha()) is { } head && head != before ? new TurnCommit(sha, head) : null;

    /// <summary>
    /// A commit message as it may leave with a push: its text came from the agent, already redacted, and this is the last
    /// look for secrets and terminal controls.
    /// </summary>
    public static string Outgoing(string message) => SecretRedactor.ForThisProcess().Redact(InertText.Lines(message));
}
