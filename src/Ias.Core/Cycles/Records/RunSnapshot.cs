using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Cycles.Records;

/// <summary>The engine's state of one run as `.run/state.json` shows it, and as status and the dashboard read it.</summary>
/// <remarks><see cref="NotPublished"/>: why the last publish left the work short of where it was meant to go, in the remote's or gh's words (see <see cref="Git.PublishOutcome.NotPublished"/>).</remarks>
public sealed record RunSnapshot(
    string RunId,
    string Target,
    string Branch,
    RunState State,
    Phase Phase,
    DateTimeOffset Started,
    DateTimeOffset LastActivity,
    int CycleCurrent,
    int CycleLimit,
    IReadOnlyList<CycleEntry> CycleHistory,
    int FilesChanged,
    int Commits,
    int FindingsFixed,
    RunOptions Options,
    string? HaltReason = null,
    Phase? ResumePhase = null,
    long TokensIn = 0,
    long TokensOut = 0,
    decimal CostUsd = 0m,
    bool Pushed = false,
    bool PrCreated = false,
    string? PrUrl = null,
    RedTeamCodeState? RedTeamCode = null,
    string? NotPublished = null)
{
    /// <summary>Whether a target is a bug run's micro-sprint (`sprint-bug-N`).</summary>
    public static bool IsBugTarget(string target) => target.StartsWith("sprint-bug-", StringComparison.Ordinal);

    /// <summary>Whether the run is in post-PR validation: at one of its phases, or paused (rate limit, question) in one.</summary>
    /// <summary>Whether the run leaves its lane to a new run: ended, or stopped before it started (a resume refuses that).</summary>
    public bool Over => State is RunState.JackedOut or RunState.ReadyForHitl or RunState.Ready or RunState.JackIn;

    public bool InPostPr => (Phase is Phase.RateLimited or Phase.AwaitingDecision ? ResumePhase : Phase) is { } p && p.IsPostPr();
}
