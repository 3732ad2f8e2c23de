using Ias.Core.Git;

namespace Ias.Core.Safety;

/// <summary>The gh ias runs for itself, held to the rules ICE puts on the agent: no command of it may merge, delete or open a ready PR.</summary>
public static class IceGh
{
    /// <summary>The real gh on <paramref name="searchPath"/> (ICE's own shims skipped) working in <paramref name="repoRoot"/>, or null when gh is not installed.</summary>
    public static GhCli? Find(string repoRoot, string searchPath) =>
        IceShim.FindReal("gh", searchPath, "/nonexistent") is { } executable ? new GhCli(repoRoot, executable, Refusal) : null;

    private static string? Refusal(IReadOnlyList<string> args) => IcePolicy.CheckGh(args) is { Allowed: false } decision ? decision.Reason : null;
}
