using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Decisions;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Bugs;

/// <summary>
/// 002's interactive rule for a bug run's high-risk area: the person who started the run at a terminal is asked (a
/// decision, D1, shown in the dashboard and by `ias decisions`) rather than the run halted. A yes proceeds as
/// --allow-high would; any other answer, a halt request or a question left past ias.decisions.timeout_minutes halts
/// the bug as autonomous mode does. The engine lock is held while it waits, so `ias run-halt` reaches it. The question is
/// a notification too (a decision), as an agent's question is, since the person who started the run may have walked away.
/// </summary>
internal sealed class HighRiskQuestion(EngineContext ctx, string bugId, string sprintId)
{
    /// <summary>The answers that allow the change; anything else declines it.</summary>
    public static bool Allows(string answer) =>
        answer.Trim().TrimEnd('.', '!').ToLowerInvariant() is "y" or "yes" or "proceed";

    /// <summary>Asks about the area <paramref name="where"/> names and waits; null when the person allowed it, otherwise the bug's halt reason.</summary>
    public async Task<string?> AskAsync(string where, Action<string> report, CancellationToken ct)
    {
        var decisions = new DecisionStore(ctx.Store);
        var question = decisions.Ask(new Decision(
            "", InertText.Line($"High-risk area detected (auth/payment/migration){where}: fix it there? Answer yes to proceed as with --allow-high, anything else halts the bug run."),
            ctx.Clock.GetUtcNow(), bugId, "triage", WireName.Of(BugState.Triage), 0, "engine", null));
        _ = DecisionRecordFile.Write(ctx.WorkTree, question);
        report($"high-risk area{where}: asked {question.Id}; answer with `ias answer {question.Id} yes` (or no), or in the dashboard (i, then a)");
        await using var notifier = EventNotifier.Open(ctx.Config, ctx.RepoRoot, ctx.Clock, ctx.Runs);
        notifier.Send(new Notification(
            NotificationKind.Decision, bugId, ctx.Clock.GetUtcNow(), $"bug {bugId} asks ({question.Id}): high-risk area{where}; answer with `ias answer {question.Id} yes` (or no)")
        {
            State = WireName.Of(BugState.Triage),
        });

        using var engine = EngineLock.TryAcquire(ctx.Paths.EngineLock, ctx.Owner, out var holder)
            ?? throw new RunModeException($"another engine ({holder ?? "unknown owner"}) is running in this repository; watch it with `ias run-status`");
        await using var control = new ControlWatcher(ctx.Paths, ctx.Clock, ctx.Owner, ctx.ControlPollInterval, _ => { });
        var answered = await WaitAsync(decisions, question.Id, control, ct);
        Commit(answered ?? question);
        return answered switch
        {
            null when control.HaltRequested => $"halted while {question.Id} waited for an answer{(control.HaltReason is { } why ? $" ({why})" : "")}",
            null => Unanswered.Reason(question, ctx.Config.DecisionTimeout, "start the bug run again"),
            { Answer: { } a } when Allows(a) => null,
            _ => $"{HighRisk.HaltMessage}{where}; {question.Id} was answered \"{ShortText.Cut(ShortText.FirstLine(answered.Answer!), 60)}\"",
        };
    }

    /// <summary>The answered question, or null when a halt came or it waited longer than the configured timeout.</summary>
    private async Task<Decision?> WaitAsync(DecisionStore decisions, string id, ControlWatcher control, CancellationToken ct)
    {
        var since = ctx.Clock.GetUtcNow();
        while (!control.HaltRequested && ctx.Clock.GetUtcNow() - since < ctx.Config.DecisionTimeout)
        {
            if (decisions.Find(id) is { Answer: not null } answered)
            {
                return answered;
            }

            // Another process answers; the clock is injected so the timeout is testable.
            await Task.Delay(ctx.ControlPollInterval, ctx.Clock, ct);
        }

        return null;
    }

    /// <summary>The question's record goes into the bug branch in a commit of its own, so the tree is left as the person had it.</summary>
    private void Commit(Decision decision)
    {
        var path = DecisionRecordFile.RelativePath(decision);
        if (DecisionRecordFile.Write(ctx.WorkTree, decision) is null && ctx.Git.DirtyPaths().Contains(path))
        {
            ctx.Git.CommitOnly(InertText.Line($"chore({sprintId}): high-risk question {decision.Id}"), [path]);
        }
    }
}
