using Ias.Core.Cycles.Inputs;

namespace Ias.Core.Cycles.Preflight;

/// <summary>What jack-in found and will do; `--dry-run` prints it and stops.</summary>
public sealed record PreflightPlan(
    string Target,
    string SprintText,
    string CurrentBranch,
    string Branch,
    bool CreatesBranch,
    IReadOnlyDictionary<string, string> Agents,
    RunOptions Options)
{
    /// <summary>How many uncommitted changes the checkout had: a run of its own leaves them out, and says so.</summary>
    public int Uncommitted { get; init; }

    public IEnumerable<string> Describe()
    {
        yield return $"target      {Target}";
        yield return $"branch      {Branch}" + (CreatesBranch ? $" (switch from {CurrentBranch})" : " (current)");
        yield return $"limits      {Options.MaxCycles} cycles, {Options.TimeoutHours:0.##} h";
        foreach (var (role, agent) in Agents)
        {
            yield return $"{role,-11} {agent}";
        }

        yield return "loop        implement → commit → review → audit, findings loop back to implement";
    }
}
