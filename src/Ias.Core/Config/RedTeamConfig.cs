namespace Ias.Core.Config;

/// <summary>
/// The RED_TEAM_CODE gate (red_team.code_vs_design): after audit passes, a reader compares the code with the design
/// document and sends confirmed divergences back to implement, at most <see cref="MaxCycles"/> times.
/// </summary>
/// <param name="Enabled">red_team.code_vs_design.enabled (off unless set).</param>
/// <param name="MaxCycles">red_team.code_vs_design.max_cycles: re-implementations the gate may ask for (default 2).</param>
/// <param name="SeverityThreshold">red_team.code_vs_design.severity_threshold: only confirmed divergences above it count (default 700, of 1000).</param>
/// <param name="SkipIfNoSdd">red_team.code_vs_design.skip_if_no_sdd: without the design document, skip the gate (true) or halt (false).</param>
public sealed record RedTeamConfig(bool Enabled, int MaxCycles, int SeverityThreshold, bool SkipIfNoSdd)
{
    /// <summary>Where the design document lives, relative to the repository root.</summary>
    public const string SddPath = "grimoires/loa/sdd.md";

    public static readonly RedTeamConfig Defaults = new(false, 2, 700, true);
}
