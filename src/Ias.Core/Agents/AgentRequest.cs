using Ias.Core.Config;

namespace Ias.Core.Agents;

/// <summary>One bounded agent turn: who (role and settings), what (prompt), and where its files go; <see cref="Phase"/> is the step's name as the agent sees it in IAS_PHASE (IMPLEMENT, REVIEW, AUDIT).</summary>
public sealed record AgentRequest(
    Role Role,
    string Phase,
    int Cycle,
    string Target,
    string Prompt,
    AgentSettings Settings,
    string JobDir)
{
    /// <summary>Whether the agent may change files; null leaves it to the role (only the implementer writes).</summary>
    public bool? WriteAccess { get; init; }

    /// <summary>The tree the agent works in: in the box the run's private workspace, outside it the run's git tree; null: the checkout.</summary>
    public string? WorkTree { get; init; }

    /// <summary>Whether the agent runs in ias's box, where a CLI cannot build a sandbox of its own and need not.</summary>
    public bool InBox { get; init; }

    /// <summary>Variables the agent's process gets besides ias's own (IAS_ROLE, ...), such as a queue job's IAS_FOLLOW_UPS.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Whose home the agent has in the box (a queue job's, see <see cref="Sandbox.BoxHomes"/>); null gives it its role's own.</summary>
    public string? Home { get; init; }

    /// <summary>The session to continue by its id (after a usage limit); null starts a new one. Never "the most recent session".</summary>
    public string? ResumeSessionId { get; init; }
}
