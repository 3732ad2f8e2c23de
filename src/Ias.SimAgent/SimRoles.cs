namespace Ias.SimAgent;

/// <summary>The roles the simulated agent can play, spelled as in IAS_ROLE.</summary>
internal static class SimRoles
{
    public const string Implementer = "implementer";
    public const string Reviewer = "reviewer";
    public const string Auditor = "auditor";

    /// <summary>The job queue's planning role; the sim plays it read-only, as it plays the auditor.</summary>
    public const string Orchestrator = "orchestrator";

    /// <summary>The bug run's triage: reads the code and names the suspected files.</summary>
    public const string Triager = "triager";

    /// <summary>Run Mode's RED_TEAM_CODE gate: compares the code with the design, read-only.</summary>
    public const string RedTeam = "red_team";

    /// <summary>Post-PR validation's fresh-eyes tester, read-only.</summary>
    public const string E2eTester = "e2e_tester";

    /// <summary>The roles the sim plays, as messages list them.</summary>
    public const string Names = "implementer, reviewer, auditor, red_team, e2e_tester, orchestrator or triager";

    public static bool IsKnown(string role) => role is Implementer or Reviewer or Auditor or RedTeam or E2eTester or Orchestrator or Triager;
}
