namespace Ias.Core.Git;

/// <summary>What ICE needs to know about the repository a git command runs in; the shim answers with the real git.</summary>
public interface IRepoFacts
{
    /// <summary>The checked-out branch, or null on a detached HEAD or outside a repository.</summary>
    string? CurrentBranch();

    /// <summary>The branch `@{-n}` names (n = 1 for `git checkout -`), or null.</summary>
    string? PreviousBranch(int n);

    /// <summary>The effective value of a config key, command-line `-c` included, or null when unset.</summary>
    string? Config(string key);

    /// <summary>The expansion git would run for <paramref name="name"/>, or null when it is a git command or no alias.</summary>
    string? Alias(string name);
}
