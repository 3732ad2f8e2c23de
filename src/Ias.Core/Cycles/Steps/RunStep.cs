using Ias.Core.Agents;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Steps;

/// <summary>One kind of step: what it does before its turn, the findings its prompt carries, and what its turn's answer means.</summary>
internal abstract class RunStep(LiveRun live)
{
    protected LiveRun Live { get; } = live;

    /// <summary>Ends the phase without a turn (a check that is off, a gate that cannot run); null when the turn runs.</summary>
    public virtual PhaseEnd? BeforeTurn() => null;

    /// <summary>The findings the prompt lists: by default the ones the last verdict left open.</summary>
    public virtual IReadOnlyList<Finding> PromptFindings() => Live.OpenFindings;

    /// <summary>
    /// What the turn's answer means for the run; null when it is a failed attempt, with <paramref name="response"/>'s detail
    /// saying why when the answer itself was unusable.
    /// </summary>
    public abstract PhaseEnd? AfterTurn(PhaseStep step, ref AgentResponse response, TurnAction action);

    /// <summary>The verdict a successful turn ended with; null otherwise, the detail saying why it has none.</summary>
    protected static Verdict? VerdictOf(ref AgentResponse response)
    {
        if (!response.Success)
        {
            return null;
        }

        if (VerdictParser.Parse(response.FinalText, out var why) is { } verdict)
        {
            return verdict;
        }

        response = response with { Detail = why ?? "no verdict" };
        return null;
    }
}
