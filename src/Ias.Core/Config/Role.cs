namespace Ias.Core.Config;

/// <summary>
/// Who an agent plays in a turn: its name as prompts, state files, logs and IAS_ROLE spell it, whether it may change the
/// tree, and whose configured agent it runs on. A queued job may name a role of its own; it reads back as a role of that name.
/// </summary>
public sealed record Role
{
    public static Role Implementer { get; } = new("implementer", writes: true, configured: null);

    public static Role Reviewer { get; } = new("reviewer", writes: false, configured: null);

    public static Role Auditor { get; } = new("auditor", writes: false, configured: null);

    /// <summary>Run Mode's RED_TEAM_CODE gate: compares the code with the design, read-only, on the auditor's agent.</summary>
    public static Role RedTeam { get; } = new("red_team", writes: false, configured: Auditor);

    /// <summary>Post-PR validation's fresh-eyes tester: read-only, on the auditor's agent.</summary>
    public static Role E2eTester { get; } = new("e2e_tester", writes: false, configured: Auditor);

    /// <summary>A bug run's triage, which writes its reproduction, on the implementer's agent.</summary>
    public static Role Triager { get; } = new("triager", writes: true, configured: Implementer);

    /// <summary>The job queue's planning role; it runs as any role the table does not know.</summary>
    public static Role Orchestrator { get; } = new("orchestrator", writes: false, configured: null);

    /// <summary>The roles .loa.config.yaml configures an agent for (agents.implementer, ...), in the order the file lists them.</summary>
    public static IReadOnlyList<Role> Configurable { get; } = [Implementer, Reviewer, Auditor];

    // Every role above, so a name reads back to its entry in the one table.
    private static readonly Role[] Known = [Implementer, Reviewer, Auditor, RedTeam, E2eTester, Triager, Orchestrator];

    private readonly Role? _configured;

    private Role(string wire, bool writes, Role? configured)
    {
        Wire = wire;
        Writes = writes;
        _configured = configured;
    }

    /// <summary>The role's name as every file and text spells it.</summary>
    public string Wire { get; }

    /// <summary>True when the role may change the tree; a request's own write access (a queued job's --write) wins over it.</summary>
    public bool Writes { get; }

    /// <summary>Reads a role back by its name; a name the table does not know is a role of the job queue's own, which reads.</summary>
    public static Role Parse(string wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return Known.FirstOrDefault(r => r.Wire == wire) ?? new Role(wire, writes: false, configured: null);
    }

    /// <summary>The configurable role whose agent and settings this one runs on: its own, the table's, or (for a role the table does not know) the implementer's when it writes and the reviewer's when it reads.</summary>
    public Role ConfiguredAs(bool writes) =>
        Configurable.Contains(this) ? this : _configured ?? (writes ? Implementer : Reviewer);

    public bool Equals(Role? other) => other is not null && string.Equals(Wire, other.Wire, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Wire);

    public override string ToString() => Wire;
}
