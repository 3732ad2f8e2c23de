using Ias.Core.Agents;
using Ias.Core.Git;
using Ias.Core.StateMachines;
using Ias.Core.Turns;

namespace Ias.Core.Cycles;

public sealed partial class RunEngine
{
    private enum PhaseEnd
    {
        Done,
        Halted,
        Aborted,
    }

    private async Task<RunSnapshot> LoopAsync(string sprint, CancellationToken ct)
    {
        await using var control = new ControlWatcher(_ctx.Paths.Database, _ctx.Clock, _ctx.Owner, _ctx.ControlPollInterval,
            r => _ctx.Progress($"control: {WireName.Of(r.Kind).ToLowerInvariant()}{(r.Force ? " --force" : "")} requested{(r.Reason is null ? "" : $" ({r.Reason})")}"));

        while (_state.State == RunState.Running)
        {
            ct.ThrowIfCancellationRequested();
            control.Poll();
            if (control.HaltRequested)
            {
                UserHalt(control);
                break;
            }

            if (_breaker.CheckTimeout() is { } timeout)
            {
                TripHalt(timeout);
                break;
            }

            if (_phase.State == Phase.RateLimited)
            {
                await WaitForWindowAsync(control, ct);
                continue;
            }

            if (_phase.State == Phase.AwaitingDecision)
            {
                await WaitForAnswersAsync(control, ct);
                continue;
            }

            // The hourly limit is asked before every agent call, in the step's attempts (see TurnAsync), not once per phase here.
            var end = await RunPhaseAsync(sprint, control, ct);
            if (end != PhaseEnd.Done)
            {
                break;
            }
        }

        return _run;
    }

    private void UserHalt(ControlWatcher control)
    {
        EnterHalt(RunTrigger.Halt, control.HaltReason ?? "halted by user",
            (control.ForceHalt ? "forced halt" : "graceful halt") + (control.HaltReason is null ? "" : $": {control.HaltReason}"));
        Report($"halted at cycle {_run.CycleCurrent}, next phase {WireName.Of(_run.Phase)}; {HowToContinue("continue with `ias run-resume`")}");
    }

    private async Task WaitForWindowAsync(ControlWatcher control, CancellationToken ct)
    {
        while (!control.HaltRequested && _rate.TimeToReset is { } left && left > TimeSpan.Zero)
        {
            // Short naps keep halts responsive; the clock is injected so the countdown is testable.
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), _ctx.Clock, ct);
        }

        if (control.HaltRequested)
        {
            return;
        }

        _rate.WaitEnded();
        FirePhase(PhaseTrigger.HourBoundary);
        Event("rate", $"new hour; resuming {WireName.Of(_run.Phase)}");
        Persist();
    }

    private async Task<PhaseEnd> RunPhaseAsync(string sprint, ControlWatcher control, CancellationToken ct)
    {
        // Skipping a phase the loop needs would pass a sprint that nobody reviewed or audited, so a blocked skill halts the run.
        if (Guardrails.Blocked(RunGuardrails.SkillOf(_phase.State), _run.Target, _run.Options.AllowHigh) is { } blocked)
        {
            EnterHalt(RunTrigger.Halt, blocked, blocked);
            Report($"halted: {blocked}");
            return PhaseEnd.Halted;
        }

        if (_phase.State == Phase.RedTeamCode && WithoutDesign() is { } skipped)
        {
            return skipped;
        }

        if (SkipPostPrPhase() is { } passed)
        {
            return passed;
        }

        var step = BeginStep(sprint);
        var failures = new Dictionary<FailureClass, int>();

        // A 429 or 5xx is retried here with backoff while the CLI's own retries show only as status.
        var transient = TransientRetry.Pipeline(_ctx.Clock, _ctx.TransientBackoff, () => !control.HaltRequested,
            (n, delay, r) => Event("agent-retry", $"{step.Role} attempt {n}/{FailureActions.TransientAttempts} failed: {r.Detail}; retrying in {delay.TotalSeconds:0.#} s"));
        while (true)
        {
            AgentResponse response;
            try
            {
                response = await transient.ExecuteAsync(token => TurnAsync(step, token), control.NewAgentToken());
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                FlushAgentEvents();
                return Abort(step, control);
            }

            if (step.Refused is { } refused)
            {
                return Refused(step, refused);
            }

            // A halt asked for while the backoff was waiting stops the retries; the step stays to be run again on resume.
            var action = FailureActions.Of(response.Failure);
            if (control.ForceHalt || (control.HaltRequested && action == TurnAction.RetryWithBackoff))
            {
                return Abort(step, control);
            }

            // What the agent broke is left exactly as it is for a person to see: no commit, no push (a changed hook would run).
            if (response.Failure == FailureClass.Breach)
            {
                _ctx.Runs.EndPhase(step.PhaseId, StepOutcome.Failed, 0, 0, Now);
                _run = _run with { HaltReason = response.Detail };
                Fire(RunTrigger.Halt, response.Detail);
                JackOutBugRun();
                return PhaseEnd.Halted;
            }

            // ICE lets an agent switch to another feature branch; the run's commits must still land on its own. ICE's look
            // after the turn already read the branch.
            if ((step.After is { } after ? after.Branch : _ctx.Git.CurrentBranch()) is var onBranch && onBranch != _run.Branch)
            {
                return Halt(step.PhaseId, $"the {step.Role} left branch {_run.Branch} for {onBranch ?? "a detached HEAD"} and ias commits only on the run's branch; `git switch {_run.Branch}`, then `ias run-resume`");
            }

            // A question ends the turn on purpose: the step waits for the person, whatever the turn's last words were.
            if (AskedQuestions(step, response) is { } asked)
            {
                return asked;
            }

            switch (action)
            {
                case TurnAction.Halt:
                    return Halt(step.PhaseId, HaltReason(step.Cli, response));
                case TurnAction.Park:
                    return UsageLimited(step.PhaseId, response);
            }

            // Implement work that landed in the tree counts even when the turn ended badly (a timeout after edits is progress),
            // and a turn cut short by max turns, context or budget ends the step incomplete with its reason.
            if (step.Phase is Phase.Implement or Phase.PostPrFix && (response.Success || action == TurnAction.EndIncomplete || _ctx.Git.DirtyPaths().Count > 0))
            {
                return AfterImplement(step.PhaseId, step.Phase, step.Cycle, step.Before, response);
            }

            if (action == TurnAction.EndIncomplete)
            {
                return Halt(step.PhaseId, $"the {step.Role} ended incomplete without a verdict ({response.Detail}); raise the agent's limits in .loa.config.yaml, then `ias run-resume --reload-config`");
            }

            if (step.Phase == Phase.RedTeamCode && response.Success)
            {
                if (RedTeamReport.Parse(response.FinalText, out var whyNot) is { } report)
                {
                    return AfterRedTeam(step.PhaseId, step.Cycle, report);
                }

                response = response with { Detail = whyNot ?? "no findings block" };
            }
            else if (step.Phase is not (Phase.Implement or Phase.PostPrFix) && response.Success)
            {
                if (VerdictParser.Parse(response.FinalText, out var why) is { } verdict)
                {
                    return AfterVerdict(step.PhaseId, step.Cycle, step.Phase, verdict);
                }

                response = response with { Detail = why ?? "no verdict" };
            }

            // The backoff pipeline has already spent a transient failure's attempts.
            var failure = response.Success ? FailureClass.Garbage : response.Failure;
            var count = failures[failure] = failure == FailureClass.Transient ? FailureActions.TransientAttempts : failures.GetValueOrDefault(failure) + 1;
            var limit = FailureActions.Attempts(failure, _ctx.PhaseAttempts);
            Event("agent-failure", $"{step.Role} attempt {count}/{limit} failed: {failure} — {response.Detail}");
            if (count >= limit)
            {
                return Halt(step.PhaseId, $"{step.Role} failed {count} times (last: {failure} — {response.Detail}); see {_ctx.Paths.JobsDir}");
            }

            if (FailureActions.Of(failure) == TurnAction.WaitThenRetry && !await WaitForNetworkAsync(step.Role, count, limit, control, ct))
            {
                return Abort(step, control);
            }
        }
    }

    private PhaseEnd AfterImplement(long phaseId, Phase phase, int cycle, string before, AgentResponse response)
    {
        var summary = FirstLine(response.FinalText) is { Length: > 0 } s ? s : "agent changes";
        var message = phase == Phase.PostPrFix
            ? $"fix({_run.Target}): post-PR — {Truncate(summary, 72)}"
            : SprintCommit.Message(_run.Target, cycle, Truncate(summary, 72));
        var changed = CommitRunWork(before, message, cycle, summary);
        if (changed == 0)
        {
            Event("commit", $"{(phase == Phase.PostPrFix ? "the post-PR fix" : "implement")} changed no file; nothing to commit");
        }

        _ctx.Runs.EndPhase(phaseId, response.Success ? StepOutcome.Done : StepOutcome.Ended(response.Failure), 0, changed, Now);
        _run = _run with { CycleHistory = [.. _run.CycleHistory, new CycleEntry(cycle, phase, 0)] };
        var next = phase == Phase.PostPrFix ? PhaseTrigger.Fixed : PhaseTrigger.Implemented;
        if (_breaker.RecordProgress(changed > 0) is { } trip)
        {
            FirePhase(next);
            TripHalt(trip);
            return PhaseEnd.Halted;
        }

        FirePhase(next);
        if (phase == Phase.PostPrFix && changed > 0)
        {
            // The fix goes to the open draft, which the next check reads as the person will.
            Publish(incomplete: false);
        }

        Persist();
        return PhaseEnd.Done;
    }

    private PhaseEnd AfterVerdict(long phaseId, int cycle, Phase phase, Verdict verdict)
    {
        if (phase is Phase.PostPrAudit or Phase.E2eTesting)
        {
            return AfterPostPrVerdict(phaseId, cycle, phase, verdict);
        }

        var findings = verdict.Findings;
        var hash = FindingsHash.Of(findings);
        if (findings.Count > 0)
        {
            _ctx.Runs.AddFindings(_run.RunId, cycle, phase, hash!, findings);
        }

        _ctx.Runs.EndPhase(phaseId, StepOutcome.Of(verdict.Passed), findings.Count, 0, Now);
        WriteFeedback(phase, cycle, verdict);
        _run = _run with { CycleHistory = [.. _run.CycleHistory, new CycleEntry(cycle, phase, findings.Count)] };
        Event("phase", verdict.Passed
            ? $"{WireName.Of(phase).ToLowerInvariant()} passed"
            : $"{WireName.Of(phase).ToLowerInvariant()} found {findings.Count}: {string.Join("; ", findings.Take(3).Select(f => f.Title))}");

        if (_breaker.RecordFindings(hash) is { } trip)
        {
            TripHalt(trip);
            return PhaseEnd.Halted;
        }

        if (verdict.Passed)
        {
            _run = _run with { FindingsFixed = _run.FindingsFixed + _openFindings.Count };
            _openFindings = [];
            if (phase == Phase.Review)
            {
                FirePhase(PhaseTrigger.ReviewPassed);
                Persist();
                return PhaseEnd.Done;
            }

            _breaker.CycleSucceeded();
            return AfterAudit(cycle);
        }

        _openFindings = findings;
        _breaker.CycleSucceeded(); // the cycle ran to a verdict: a HALF_OPEN breaker closes again
        FirePhase(phase == Phase.Review ? PhaseTrigger.ReviewFindings : PhaseTrigger.AuditFindings);
        if (StartCycle(cycle + 1) is { } limit)
        {
            TripHalt(limit);
            return PhaseEnd.Halted;
        }

        Persist();
        return PhaseEnd.Done;
    }

    private PhaseEnd Halt(long phaseId, string reason)
    {
        _ctx.Runs.EndPhase(phaseId, StepOutcome.Failed, 0, 0, Now);
        EnterHalt(RunTrigger.Halt, reason, reason);
        return PhaseEnd.Halted;
    }

    /// <summary>The run's diff for the prompt, asked of git again only when HEAD (<paramref name="head"/>) or the run's commits moved.</summary>
    private string DiffSummary(string head)
    {
        if (_run.Commits == 0)
        {
            return "";
        }

        if (_diffSummary is not { } last || last.Head != head || last.Commits != _run.Commits)
        {
            _diffSummary = last = (head, _run.Commits, _ctx.Git.Try("diff", "--stat", $"HEAD~{_run.Commits}", "HEAD").Stdout.Trim());
        }

        return last.Text;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
