namespace Ias.Core.Safety;

/// <summary>ICE's protected branches, hard-coded on purpose: no configuration can unprotect one.</summary>
public static class ProtectedBranches
{
    public static IReadOnlyList<string> Exact { get; } =
        ["main", "master", "staging", "develop", "development", "production", "prod"];

    public static IReadOnlyList<string> Patterns { get; } = ["release/*", "release-*", "hotfix/*", "hotfix-*"];

    public static bool IsProtected(string branch)
    {
        var name = branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch["refs/heads/".Length..] : branch;
        return Exact.Contains(name, StringComparer.Ordinal) || Patterns.Any(p => Glob(p, name));
    }

    // The list is shell globs: '*' matches any run of characters, including '/' as git's refname globs do.
    private static bool Glob(string pattern, string name)
    {
        var star = pattern.IndexOf('*');
        return star < 0
            ? pattern == name
            : name.Length > star && name.StartsWith(pattern[..star], StringComparison.Ordinal) && name.EndsWith(pattern[(star + 1)..], StringComparison.Ordinal);
    }
}
