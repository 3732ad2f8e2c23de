namespace Ias.Core.Guardrails;

/// <summary>
/// The danger level of each skill Run Mode invokes, and what an autonomous run does with it: safe and moderate
/// proceed, high is blocked unless --allow-high (then it proceeds with a warning logged), critical is always blocked.
/// </summary>
/// <remarks>
/// Run Mode itself is high, and starting it (`ias run`) is the user's explicit consent to what it is: its own loop of
/// implement, review and audit, and a bug run's triage. Those skills run at run-mode's granted level, so the audit —
/// high, for it may raise emergency procedures — runs on every default run, logged as WARN as high skills are. Without
/// this grant every run without --allow-high would block its audit, and Run Mode could never finish a sprint.
/// `--allow-high` governs the high skills outside that loop; nothing ever lifts a critical one, and a skill missing
/// from the table counts as critical.
/// </remarks>
public static class DangerLevels
{
    public const string RunMode = "run-mode";
    public const string ImplementingTasks = "implementing-tasks";
    public const string ReviewingCode = "reviewing-code";
    public const string AuditingSecurity = "auditing-security";
    public const string BugTriaging = "bug-triaging";

    /// <summary>The RED_TEAM_CODE gate: reads the code against the design and writes only its report.</summary>
    public const string RedTeamingCode = "red-teaming-code";

    // The levels of the original Run Mode tools' skill index. ias invokes the first six; the other two are the
    // index's high and critical skills outside the loop, which any invoker of this table meets as such.
    private static readonly Dictionary<string, DangerLevel> Levels = new(StringComparer.Ordinal)
    {
        [RunMode] = DangerLevel.High,
        [ImplementingTasks] = DangerLevel.Moderate,
        [ReviewingCode] = DangerLevel.Moderate,
        [AuditingSecurity] = DangerLevel.High,
        [BugTriaging] = DangerLevel.Moderate,
        [RedTeamingCode] = DangerLevel.Moderate,
        ["deploying-infrastructure"] = DangerLevel.High,
        ["autonomous-agent"] = DangerLevel.Critical,
    };

    /// <summary>The skills of Run Mode's own loop, which run at the level starting Run Mode granted.</summary>
    private static readonly HashSet<string> Loop = new(StringComparer.Ordinal) { ImplementingTasks, ReviewingCode, AuditingSecurity, BugTriaging, RedTeamingCode };

    public static DangerLevel Of(string skill) => Levels.GetValueOrDefault(skill, DangerLevel.Critical);

    /// <summary>What an autonomous run does before invoking <paramref name="skill"/>; <paramref name="allowHigh"/> is `--allow-high`.</summary>
    public static DangerDecision Decide(string skill, bool allowHigh)
    {
        var level = Of(skill);
        var (action, reason) = level switch
        {
            DangerLevel.Critical => (GuardAction.Block, Levels.ContainsKey(skill)
                ? "critical skills never run autonomously, --allow-high or not"
                : "a skill without a danger level counts as critical and never runs autonomously"),
            DangerLevel.High when skill == RunMode => (GuardAction.Proceed, "started by the user with `ias run`"),
            DangerLevel.High when Loop.Contains(skill) => (GuardAction.Warn, "high, and part of the Run Mode loop the user started"),
            DangerLevel.High when allowHigh => (GuardAction.Warn, "high, allowed by --allow-high"),
            DangerLevel.High => (GuardAction.Block, "high skills are blocked in autonomous mode; pass --allow-high to allow them"),
            _ => (GuardAction.Proceed, Loop.Contains(skill) ? "part of the Run Mode loop the user started" : $"{Name(level)} skills run autonomously"),
        };
        return new DangerDecision(skill, level, action, reason);
    }

    /// <summary>The level as the trajectory log and the original tools spell it: safe, moderate, high, critical.</summary>
    public static string Name(DangerLevel level) => level.ToString().ToLowerInvariant();
}
