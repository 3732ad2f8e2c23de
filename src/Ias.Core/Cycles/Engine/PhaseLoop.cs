using Ias.Core.Agents;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.StateMachines;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Engine;

/// <summary>The run's loop: one phase's step after another until the run leaves RUNNING, waiting out rate limits and questions between them.</summary>
internal sealed class PhaseLoop(
    EngineContext ctx, LiveRun live, HeldInputs inputs, RunTurns turns, RunDecisions decisions, RunHalting halting,
    IReadOnlyDictionary<Phase, RunStep> steps)
{
    private readonly EngineContext _ctx = ctx;
    private readonly LiveRun _live = live;

    public async Task<RunSnapshot> RunAsync(string sprint, CancellationToken ct)
    {
        await using var control = new ControlWatcher(_ctx.Paths, _ctx.Clock, _ctx.Owner, _ctx.ControlPollInterval,
            r => _ctx.Progress($"control: {WireName.Of(r.Kind).ToLowerInvariant()}{(r.Force ? " --force" : "")} requested{(r.Reason is null ? "" : $" ({r.Reason})")}"));

        while (_live.State == RunState.Running)
        {
            ct.ThrowIfCancellationRequested();
            control.Poll();
            if (control.HaltRequested)
            {
                halting.UserHalt(control);
                break;
            }

            if (_live.Breaker.CheckTimeout() is { } timeout)
            {
                halting.TripHalt(timeout);
                break;
            }

            if (_live.Phase == Phase.RateLimited)
            {
                await WaitForWindowAsync(control, ct);
                continue;
            }

            if (_live.Phase == Phase.AwaitingDecision)
            {
                await decisions.WaitForAnswersAsync(control, ct);
                continue;
            }

            // The hourly limit is asked before every agent call, in the step's attempts (see TurnAsync), not once per phase here.
            var end = await RunPhaseAsync(sprint, control, ct);
            if (end != PhaseEnd.Done)
            {
                break;
            }
        }

        return _live.Run;
    }

    private async Task WaitForWindowAsync(ControlWatcher control, CancellationToken ct)
    {
        while (!control.HaltRequested && _live.Rate.TimeToReset is { } left && left > TimeSpan.Zero)
        {
            // Short naps keep halts responsive; the clock is injected so the countdown is testable.
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), _ctx.Clock, ct);
        }

        if (control.HaltRequested)
        {
            return;
        }

        _live.Rate.WaitEnded();
        _live.FirePhase(PhaseTrigger.HourBoundary);
        _live.Event(RunEventKind.Rate, $"new hour; resuming {WireName.Of(_live.Run.Phase)}");
        _live.Persist();
    }

    private RunStep StepOf(Phase phase) =>
        steps.GetValueOrDefault(phase) ?? throw new InvalidOperationException($"no step runs in phase {WireName.Of(phase)}");

    private async Task<PhaseEnd> RunPhaseAsync(string sprint, ControlWatcher control, CancellationToken ct)
    {
        // Skipping a phase the loop needs would pass a sprint that nobody reviewed or audited, so a blocked skill halts the run.
        if (inputs.Guardrails.Blocked(RunGuardrails.SkillOf(_live.Phase), _live.Run.Target, _live.Run.Options.AllowHigh) is { } blocked)
        {
            halting.Halt(blocked);
            return PhaseEnd.Halted;
        }

        var kind = StepOf(_live.Phase);
        if (kind.BeforeTurn() is { } skipped)
        {
            return skipped;
        }

        var step = turns.Begin(sprint, kind.PromptFindings());
        var failures = new Dictionary<FailureClass, int>();

        // A 429 or 5xx is retried here with backoff while the CLI's own retries show only as status.
        var transient = TransientRetry.Pipeline(_ctx.Clock, _ctx.TransientBackoff, () => !control.HaltRequested,
            (n, delay, r) => _live.Event(RunEventKind.AgentRetry, $"{step.Role} attempt {n}/{FailureActions.TransientAttempts} failed: {r.Detail}; retrying in {delay.TotalSeconds:0.#} s"));
        while (true)
        {
            AgentResponse response;
            try
            {
                response = await transient.ExecuteAsync(token => turns.TurnAsync(step, token), control.NewAgentToken());
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                turns.FlushAgentEvents();
                return Abort(step, control);
            }

            if (AfterAttempt(kind, step, ref response, control) is { } end)
            {
                return end;
            }

            // The backoff pipeline has already spent a transient failure's attempts.
            var failure = response.Success ? FailureClass.Garbage : response.Failure;
            var count = failures[failure] = failure == FailureClass.Transient ? FailureActions.TransientAttempts : failures.GetValueOrDefault(failure) + 1;
            var limit = FailureActions.Attempts(failure, _ctx.PhaseAttempts);
            _live.Event(RunEventKind.AgentFailure, $"{step.Role} attempt {count}/{limit} failed: {failure} — {response.Detail}");
            if (count >= limit)
            {
                return halting.HaltStep(step.PhaseId, $"{step.Role} failed {count} times (last: {failure} — {response.Detail}); see {_ctx.Paths.JobsDir}");
            }

            if (FailureActions.Of(failure) == TurnAction.WaitThenRetry && !await turns.WaitForNetworkAsync(step.Role, count, limit, control, ct))
            {
                return Abort(step, control);
            }
        }
    }

    /// <summary>What one attempt's answer means: the step's end, or null when it failed and may be tried again.</summary>
    private PhaseEnd? AfterAttempt(RunStep kind, PhaseStep step, ref AgentResponse response, ControlWatcher control)
    {
        if (step.Refused is { } refused)
        {
            return turns.Refused(step, refused);
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
            var breach = response.Detail;
            _live.EndStep(step.PhaseId, StepOutcome.Failed);
            _live.Update(r => r with { HaltReason = breach });
            _live.Fire(RunTrigger.Halt, breach);
            halting.JackOutBugRun();
            return PhaseEnd.Halted;
        }

        // ICE lets an agent switch to another feature branch; the run's commits must still land on its own. ICE's look
        // after the turn already read the branch.
        if ((step.After is { } after ? after.Branch : _ctx.Git.CurrentBranch()) is var onBranch && onBranch != _live.Run.Branch)
        {
            return halting.HaltStep(step.PhaseId, $"the {step.Role} left branch {_live.Run.Branch} for {onBranch ?? "a detached HEAD"} and ias commits only on the run's branch; `git switch {_live.Run.Branch}`, then `ias run-resume`");
        }

        // A question ends the turn on purpose: the step waits for the person, whatever the turn's last words were.
        if (decisions.AskedQuestions(step, response) is { } asked)
        {
            return asked;
        }

        switch (action)
        {
            case TurnAction.Halt:
                return halting.HaltStep(step.PhaseId, RunHalting.HaltReason(step.Cli, response));
            case TurnAction.Park:
                return turns.UsageLimited(step.PhaseId, step.Settings.Agent.Name, response);
        }

        // An implement step ends on any work it left, so only a reader's turn can still end incomplete here.
        if (kind.AfterTurn(step, ref response, action) is { } end)
        {
            return end;
        }

        return action == TurnAction.EndIncomplete
            ? halting.HaltStep(step.PhaseId, $"the {step.Role} ended incomplete without a verdict ({response.Detail}); raise the agent's limits in .loa.config.yaml, then `ias run-resume --reload-config`")
            : null;
    }

    private PhaseEnd Abort(PhaseStep step, ControlWatcher control)
    {
        _live.EndStep(step.PhaseId, StepOutcome.Aborted);
        halting.UserHalt(control);
        return PhaseEnd.Aborted;
    }
}
