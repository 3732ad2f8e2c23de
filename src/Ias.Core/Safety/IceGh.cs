using Ias.Core.Git;
using Ias.Core.Processes;

namespace Ias.Core.Safety;

/// <summary>The gh ias runs for itself, held to the rules ICE puts on the agent: no command of it may merge, delete or open a ready PR.</summary>
public static class IceGh
{
    /// <summary>The real gh on <paramref name="searchPath"/>, only from a folder no agent can write (<see cref="EngineTools"/>), working in <paramref name="repoRoot"/>; null when there is none.</summary>
    public static GhCli? Find(string repoRoot, string searchPath) =>
        EngineTools.Find("gh", searchPath) is { } executable ? new GhCli(repoRoot, executable, Refusal) : null;

    /// <summary>As <see cref="Find"/>, on this process's PATH.</summary>
    public static GhCli? OnPath(string repoRoot) => Find(repoRoot, Environment.GetEnvironmentVariable("PATH") ?? "");

    /// <summary>Why the gh on this process's PATH is not the engine's (a folder of the home), with the way out; null when none is passed over.</summary>
    public static string? PassedOver() => EngineTools.Passed("gh", Environment.GetEnvironmentVariable("PATH") ?? "");

    private static string? Refusal(IReadOnlyList<string> args) => IcePolicy.CheckGh(args) is { Allowed: false } decision ? decision.Reason : null;
}
