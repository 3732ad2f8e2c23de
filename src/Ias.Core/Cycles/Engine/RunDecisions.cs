using Ias.Core.Agents;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Decisions;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Engine;

/// <summary>
/// Run Mode's side of decision requests: an agent that asked a person (`ias ask`) pauses the run in AWAITING_DECISION,
/// neither a failure nor a cycle, until every question has its answer; then the step that asked runs again, its agent
/// session resumed, with the answers at the top of its prompt.
/// </summary>
internal sealed class RunDecisions(EngineContext ctx, LiveRun live, RunHalting halting, A2aWriter a2a, RunNotifier? notifier)
{
    private readonly EngineContext _ctx = ctx;
    private readonly LiveRun _live = live;

    // Set when a HALTED run resumes into the wait: the timeout then counts from the resume, so a person who resumes a run
    // that timed out gets a whole window again rather than an instant second halt.
    public DateTimeOffset? WaitSince { get; set; }

    public DecisionStore Decisions => new(_ctx.Store);

    /// <summary>Records the questions the step's last attempt asked and pauses the run for their answers; null when it asked none.</summary>
    public PhaseEnd? AskedQuestions(PhaseStep step, AgentResponse response)
    {
        if (step.JobDir is not { } jobDir)
        {
            return null;
        }

        var (questions, refused) = AskFile.Read(AskFile.ForJob(jobDir));
        if (refused is not null)
        {
            // Told as ICE's refusals are, in the run's events and in ice.log; the turn goes on as one that asked nothing.
            step.IceLog.Append(["read", AgentFile.Shown(AskFile.ForJob(jobDir))], refused, jobDir);
            _live.Event(RunEventKind.Ice, refused);
        }

        if (questions.Count == 0)
        {
            return null;
        }

        _live.EndStep(step.PhaseId, StepOutcome.Asked);
        var redactor = SecretRedactor.ForThisProcess();
        var asked = new List<Decision>();
        foreach (var question in questions)
        {
            var decision = Decisions.Ask(new Decision(
                "", redactor.Redact(InertText.Lines(question)), _live.Now, _live.Run.RunId, Path.GetFileName(jobDir), WireName.Of(step.Phase), step.Cycle, step.Role.Wire, response.SessionId));
            if (DecisionRecordFile.Write(_ctx.WorkTree, decision) is { } unwritten)
            {
                a2a.RecordRefusal(unwritten);
            }

            _live.Event(RunEventKind.DecisionRequested, $"{decision.Id} asked by the {step.Role}: {ShortText.Cut(ShortText.FirstLine(decision.Question), 120)}");
            asked.Add(decision);
        }

        // Saved before anyone is told, so whoever reads the news finds AWAITING_DECISION in .run/.
        _live.FirePhase(PhaseTrigger.Ask);
        _live.Persist();
        foreach (var decision in asked)
        {
            notifier?.Notify(_live.Run, NotificationKind.Decision, $"{_live.Run.Target} asks ({decision.Id}): {ShortText.Cut(ShortText.FirstLine(decision.Question), 120)}; answer with `ias answer {decision.Id} \"…\"`");
        }

        return PhaseEnd.Done;
    }

    /// <summary>Waits, without an agent call, until every open question of the run is answered, a halt arrives, or the oldest waits too long.</summary>
    public async Task WaitForAnswersAsync(ControlWatcher control, CancellationToken ct)
    {
        var started = _live.Now;
        var timeout = _ctx.Config.DecisionTimeout;
        if (Decisions.OfRun(_live.Run.RunId).FirstOrDefault(d => d.IsOpen) is { } first)
        {
            _live.Report($"waiting for a person: `ias decisions` shows the question, `ias answer {first.Id} \"…\"` answers it");
        }

        while (!control.HaltRequested)
        {
            var open = Decisions.OfRun(_live.Run.RunId).Where(d => d.IsOpen).ToList();
            if (open.Count == 0)
            {
                GiveBackWait(started);
                _live.FirePhase(PhaseTrigger.Answered);
                _live.Event(RunEventKind.Decision, $"answered; the {WireName.Of(_live.Run.Phase)} step runs again in cycle {_live.Run.CycleCurrent}");
                _live.Persist();
                return;
            }

            var oldest = open[0];
            var since = WaitSince is { } resumed && resumed > oldest.Asked ? resumed : oldest.Asked;
            if (_live.Now - since >= timeout)
            {
                GiveBackWait(started);
                halting.Halt(Unanswered.Reason(oldest, timeout, "`ias run-resume`"));
                return;
            }

            // Another process answers; the clock is injected so the timeout is testable.
            await Task.Delay(_ctx.ControlPollInterval, _ctx.Clock, ct);
        }

        // The halt itself is the loop's; the time spent waiting is not running time.
        GiveBackWait(started);
    }

    /// <summary>Hours spent waiting for a person are not the run's: the breaker's timeout window moves on by them.</summary>
    private void GiveBackWait(DateTimeOffset started) => _live.Breaker.NotRunning(_live.Now - started);

    /// <summary>Answers not yet handed to the agent, as the head of the step's prompt, and the session that asked (to resume).</summary>
    public (IReadOnlyList<Decision> Answers, string? Session) AnswersToDeliver(int cycle, Phase phase, string cli)
    {
        var answers = Decisions.OfRun(_live.Run.RunId).Where(d => d.Answer is not null && d.Delivered is null).ToList();
        foreach (var answered in answers)
        {
            // The record in the run's tree gains its answer, committed with the turn that hears it.
            if (DecisionRecordFile.Write(_ctx.WorkTree, answered) is { } unwritten)
            {
                a2a.RecordRefusal(unwritten);
            }
        }

        var asker = answers.LastOrDefault(d => d.SessionId is not null && d.Cycle == cycle && d.Phase == WireName.Of(phase));

        // The same CLI only: a session id means nothing to another agent (the config may have changed on resume).
        var session = asker is not null && _ctx.Runs.AgentCalls(_live.Run.RunId).Any(c => c.SessionId == asker.SessionId && c.Agent == cli) ? asker.SessionId : null;
        return (answers, session);
    }
}
