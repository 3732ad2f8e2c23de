using Ias.Core.Storage;

namespace Ias.Core.Plans;

/// <summary>The answer of the git-aware state sync, shaped like the original Run Mode tools' result object.</summary>
public sealed record SprintPlanSync(bool Synced, string Reason, int CommitsFound, int CommitsExpected, string BaseBranch, string? UpdatedJson)
{
    public const string Inferred = "git_inferred_completion";
    public const string StillRunning = "still_running";
    public const string NotRunning = "not_running";
    public const string NoSprintTotal = "no_sprint_total";

    /// <summary>`{"synced": true, "reason": "git_inferred_completion", "commits_found": N, "commits_expected": M, "base_branch": "main"}`.</summary>
    public string ToJson() => JsonText.RenderCompact(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("synced", Synced);
        w.WriteString("reason", Reason);
        w.WriteNumber("commits_found", CommitsFound);
        w.WriteNumber("commits_expected", CommitsExpected);
        w.WriteString("base_branch", BaseBranch);
        w.WriteEndObject();
    });
}
