namespace Ias.Core.Git;

/// <summary>What one `git status --porcelain=v2 --branch` says of a work tree.</summary>
/// <param name="Branch">The checked-out branch; null on a detached HEAD.</param>
/// <param name="Dirty">Paths with uncommitted changes, tracked or untracked.</param>
public sealed record WorkTreeStatus(string? Branch, IReadOnlyList<string> Dirty)
{
    /// <summary>"work tree has 2 uncommitted change(s) (e.g. notes.txt)", the start of a refusal to work on a dirty tree; null when the tree is clean.</summary>
    public string? Uncommitted => Dirty.Count == 0 ? null : $"work tree has {Dirty.Count} uncommitted change(s) (e.g. {Dirty[0]})";
}
