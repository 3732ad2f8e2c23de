using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Guardrails;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// The input guardrails as Run Mode applies them, for a run, a sprint plan and a bug run alike: sprint and bug text
/// screened for injection before any agent is given it (a refusal is a <see cref="RunModeException"/>), a danger-level
/// check before each skill, and personal data redacted from every prompt.
/// </summary>
public sealed class RunGuardrails(EngineContext ctx, bool record = true)
{
    private readonly InputGuardrails _checks = new(
        ctx.Config.Guardrails,
        Environment.GetEnvironmentVariable(InputGuardrails.EnvironmentSwitch),
        new TrajectoryLog(ctx.Paths, ctx.Clock, ctx.Progress) { Writes = record });

    /// <summary>The skill <paramref name="phase"/> invokes, from its row of <see cref="PhaseFacts"/>.</summary>
    public static string SkillOf(Phase phase) => phase.Facts().Skill;

    /// <summary>
    /// Screens the text a run of <paramref name="target"/> will give its agents. At or above the threshold it throws with
    /// the one-line refusal; below it, with signals, it warns and the run goes on.
    /// </summary>
    public void Screen(string target, ScannedText text)
    {
        switch (_checks.Inspect(DangerLevels.RunMode, target, text))
        {
            case { Action: GuardAction.Block } refused:
                throw new RunModeException(refused.Refusal());
            case { Action: GuardAction.Warn } warned:
                ctx.Progress(warned.Warning(_checks.LogDisplay));
                break;
        }
    }

    /// <summary>Logs Run Mode's own danger level at jack-in: the user started it, so it proceeds.</summary>
    public void JackIn(string target, bool allowHigh) => _checks.Admit(DangerLevels.RunMode, target, allowHigh);

    /// <summary>Why <paramref name="skill"/> may not run, or null when it may (or the guardrails are off).</summary>
    public string? Blocked(string skill, string target, bool allowHigh) =>
        _checks.Admit(skill, target, allowHigh) is { Action: GuardAction.Block } blocked
            ? $"{skill} ({DangerLevels.Name(blocked.Level)}) was blocked by the guardrails: {blocked.Reason}"
            : null;

    /// <summary>The prompt with its personal data redacted.</summary>
    public string Redact(string skill, string target, string prompt) => _checks.Redact(skill, target, prompt);

    /// <summary>A record ias writes into the repository (the a2a feedback) with its personal data redacted, as a prompt's is, without a trajectory entry.</summary>
    public string RedactRecord(string skill, string target, string text) => _checks.Redact(skill, target, text, logged: false);
}
