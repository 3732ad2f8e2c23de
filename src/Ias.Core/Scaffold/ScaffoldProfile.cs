namespace Ias.Core.Scaffold;

/// <summary>
/// A bootstrap profile: the scaffold files it writes and whether it sets Run Mode up too. Each profile is the one before
/// it and more: terminal (what an agent reads), hybrid (plus the job queue's runs folder), full (plus Run Mode's setup).
/// </summary>
public sealed record ScaffoldProfile(string Name, string Adds, IReadOnlyList<ScaffoldFile> Files, bool SetsUpRunMode)
{
    /// <summary>What an agent reads; every profile has it, and `ias preflight` checks it.</summary>
    public static ScaffoldProfile Terminal { get; } = new("terminal", "what an agent reads: AGENTS.md and CLAUDE.md with the ias section, docs/ias/",
    [
        new("AGENTS.md", ScaffoldTexts.Protocol, Sectioned: true),
        new("CLAUDE.md", ScaffoldTexts.ClaudePointer, Sectioned: true),
        new("docs/ias/project-context.md", ScaffoldTexts.ProjectContext),
        new("docs/ias/context/base-goal.md", ScaffoldTexts.BaseGoal),
        new("docs/ias/process/run-protocol.md", ScaffoldTexts.RunProtocol),
        new("docs/ias/process/quality-gates.md", ScaffoldTexts.QualityGates),
    ], SetsUpRunMode: false);

    /// <summary>What jobs and runs read beside what an agent does: the runs folder, the external references, the open gaps.</summary>
    public static ScaffoldProfile Hybrid { get; } = new("hybrid", "terminal, and the job queue's runs folder docs/ias/runs/ for `ias new-run`, docs/ias/context/inputs.md and docs/ias/gaps.md",
    [
        .. Terminal.Files,
        new("docs/ias/runs/README.md", ScaffoldTexts.RunsReadme),
        new("docs/ias/context/inputs.md", ScaffoldTexts.Inputs),
        new("docs/ias/gaps.md", ScaffoldTexts.Gaps),
    ], SetsUpRunMode: false);

    /// <summary>ias has no control plane to join: the rest of what it runs is Run Mode, which `ias init-repo` sets up.</summary>
    public static ScaffoldProfile Full { get; } = new("full", "hybrid, and Run Mode as `ias init-repo` sets it up (.loa.config.yaml, a starter sprint plan)",
        Hybrid.Files, SetsUpRunMode: true);

    public static IReadOnlyList<ScaffoldProfile> All { get; } = [Terminal, Hybrid, Full];

    /// <summary>The profile called <paramref name="name"/>; null for any other word.</summary>
    public static ScaffoldProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
