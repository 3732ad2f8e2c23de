using System.Globalization;

namespace Ias.Core.Setup;

/// <summary>The files a repository new to Run Mode starts with, as `ias init-repo` writes them.</summary>
public sealed partial class RepoSetup
{
    /// <summary>
    /// Run Mode on, every role played by <paramref name="agent"/>; the other keys are the protocol's reference with their
    /// defaults, there to be tuned. <paramref name="baseBranch"/> names the branch pull requests go to when it is not main;
    /// <paramref name="budget"/> the spend caps in US dollars, each left as a comment to fill in when not given.
    /// </summary>
    public static string StarterConfig(string agent, string? baseBranch, SpendBudget? budget = null) => $"""
        # Run Mode for this repository, written by `ias init-repo`. The values below are the defaults; change any of them.
        run_mode:
          enabled: true               # Run Mode works only where this is true
          defaults:
            max_cycles: 20            # implement → review → audit rounds before a run halts
            timeout_hours: 8
          rate_limiting:
            calls_per_hour: 100
          circuit_breaker:
            same_issue_threshold: 3
            no_progress_threshold: 5
          git:
            branch_prefix: "feature/"
            create_draft_pr: true
        {(baseBranch is null ? "" : $"    base_branch: \"{baseBranch.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n")}agents:
          default:                    # every role: implementer, reviewer, auditor
            agent: {(agent == Simulated ? agent.PadRight(19) + "# the simulated agent; claude, codex or gemini for real work" : agent)}
        ias:
          budget:                     # what agents may spend, in US dollars; a run stops before a call would pass a cap
            {Cap("run_usd", budget?.RunUsd, "5.00", "per run")}
            {Cap("daily_usd", budget?.DailyUsd, "20.00", "per UTC day, every run and queue job of this repository")}

        """;

    // A cap given is a key; one not given is the key as a comment, with an example, for a person to fill in.
    private static string Cap(string key, decimal? usd, string example, string what) => usd is { } value
        ? ($"{key}: " + value.ToString("0.00####", CultureInfo.InvariantCulture)).PadRight(26) + $"# {what}"
        : $"# {key}: {example}".PadRight(26) + $"# {what}";
}
