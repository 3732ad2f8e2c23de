using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Safety;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Steps;

/// <summary>The step of the current phase that its attempts share.</summary>
internal sealed record PhaseStep(
    Phase Phase, int Cycle, Role Role, string Cli, AgentSettings Settings, string Before, string Prompt, long PhaseId,
    string? ResumeSession, AgentTurn Turn, IceLog IceLog)
{
    public int Attempt { get; set; }

    /// <summary>Set when the gate refused the last attempt, which then never started.</summary>
    public CallRefusal? Refused { get; set; }

    /// <summary>The repository as ICE saw it when the last attempt ended; null when it did not look.</summary>
    public RepoState? After { get; set; }

    /// <summary>The last attempt's job folder, where its agent's questions are.</summary>
    public string? JobDir { get; set; }

    /// <summary>The decisions whose answers head the step's prompt.</summary>
    public IReadOnlyList<string> Answers { get; init; } = [];
}
