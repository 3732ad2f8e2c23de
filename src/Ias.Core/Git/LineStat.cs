namespace Ias.Core.Git;

/// <summary>One path from `git diff --numstat`: lines added and deleted (0 and 0 for a binary file).</summary>
public sealed record LineStat(int Added, int Deleted, string Path);
