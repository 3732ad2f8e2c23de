namespace Ias.Core.Safety;

/// <summary>What an agent's turn may not change, taken at one moment: see <see cref="RepoGuard"/>.</summary>
/// <param name="Branch">The branch checked out (the turn's branch); null on a detached HEAD.</param>
/// <param name="Refs">Every local ref but the remote-tracking ones, by name, to its object.</param>
/// <param name="Files">The hooks and git config files, by path, to a hash of their bytes.</param>
/// <param name="Remote">The remote's protected branches to their commits; null when there is no remote to ask.</param>
public sealed record RepoState(
    string? Branch,
    IReadOnlyDictionary<string, string> Refs,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyDictionary<string, string>? Remote)
{
    /// <summary>The branches (full ref names) other engines have checked out in worktrees of their own: theirs to move.</summary>
    public IReadOnlySet<string> Elsewhere { get; init; } = new HashSet<string>();
}
