namespace Ias.Core.Git;

/// <summary>One path from `git diff --name-status`: A, M, D, R (renamed from <see cref="OldPath"/>), C, T.</summary>
public sealed record FileChange(char Status, string Path, string? OldPath = null);
