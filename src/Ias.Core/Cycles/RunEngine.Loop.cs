using Ias.Core.Agents;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles;

public sealed partial class RunEngine
{
    private const int AgentEventBatch = 500;

    private static readonly TimeSpan AgentEventDelay = TimeSpan.FromMilliseconds(250);

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

            var decision = _rate.BeforeCall();
            if (decision.Kind == RateDecisionKind.Halt)
            {
                TripHalt(_breaker.Trip("rate_limit", $"{RateLimiter.MaxConsecutiveWaits} consecutive waits for the hourly limit of {_rate.Snapshot.Limit} calls"));
                break;
            }

            if (decision.Kind == RateDecisionKind.Wait)
            {
                FirePhase(PhaseTrigger.Throttle);
                Event("rate", $"hourly limit of {_rate.Snapshot.Limit} calls reached; waiting until {decision.WaitUntil:HH:mm} UTC");
                Persist();
                continue;
            }

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
        Report($"halted at cycle {_run.CycleCurrent}, next phase {WireName.Of(_run.Phase)}; continue with `ias run-resume`");
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
        var phase = _phase.State;
        var cycle = _run.CycleCurrent;
        var role = phase switch
        {
            Phase.Implement => "implementer",
            Phase.Review => "reviewer",
            _ => "auditor",
        };
        var settings = (_run.Options.Agent is { } kind ? _ctx.Config.Agents.WithAgent(ParseAgent(kind)) : _ctx.Config.Agents).For(role);
        var before = _ctx.Git.Base();
        var prompt = PromptTemplates.Render(
            PromptTemplates.Load(_ctx.RepoRoot, phase), _run.Target, cycle, sprint, _openFindings, DiffSummary());
        var phaseId = _ctx.Runs.BeginPhase(_run.RunId, cycle, phase, Now);
        Event("phase", $"{role} ({settings.Agent.ToString().ToLowerInvariant()}) started");
        Persist();

        AgentResponse? response = null;
        var iceLog = new IceLog(IceLog.PathFor(_ctx.Paths), _ctx.Clock);
        var job = 0;
        var failures = new Dictionary<FailureClass, int>();
        var cli = settings.Agent.ToString().ToLowerInvariant();

        // Issue 3 §4: after a usage limit the same session resumes, by its id; the calls table keeps it across engine restarts.
        var resumeSession = _ctx.Runs.AgentCalls(_run.RunId).LastOrDefault() is { Outcome: nameof(FailureClass.UsageLimit), SessionId: { } limited } last
            && last.Cycle == cycle && last.Phase == phase && last.Agent == cli
            ? limited
            : null;

        // Issue 3 §4: a 429 or 5xx is retried here with backoff while the CLI's own retries show only as status.
        var transient = AgentRetry.Pipeline(_ctx.Clock, _ctx.TransientBackoff, () => !control.HaltRequested,
            (n, delay, r) => Event("agent-retry", $"{role} attempt {n}/{AgentRetry.TransientAttempts} failed: {r.Detail}; retrying in {delay.TotalSeconds:0.#} s"));
        while (true)
        {
            try
            {
                response = await transient.ExecuteAsync(async token =>
                {
                    var iceMark = iceLog.Length;
                    var jobDir = Path.Combine(_ctx.Paths.JobsDir, JobIds.Of(_run.RunId, phaseId, cycle, phase, ++job));
                    var started = Now;
                    var request = new AgentRequest(role, WireName.Of(phase), cycle, _run.Target, prompt, settings, jobDir) { ResumeSessionId = job == 1 ? resumeSession : null };
                    var answer = await _ctx.Agents.InvokeAsync(request, e => OnAgentEvent(e), token);
                    FlushAgentEvents();
                    RecordCall(phase, request, answer, started);
                    ReportIceRefusals(iceLog, iceMark);
                    return answer;
                }, control.NewAgentToken());
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                FlushAgentEvents();
                _ctx.Runs.EndPhase(phaseId, "aborted", 0, 0, Now);
                UserHalt(control);
                return PhaseEnd.Aborted;
            }

            // A halt asked for while the backoff was waiting stops the retries; the step stays to be run again on resume.
            if (control.ForceHalt || (control.HaltRequested && response.Failure == FailureClass.Transient))
            {
                _ctx.Runs.EndPhase(phaseId, "aborted", 0, 0, Now);
                UserHalt(control);
                return PhaseEnd.Aborted;
            }

            // ICE lets an agent switch to another feature branch; the run's commits must still land on its own.
            if (_ctx.Git.CurrentBranch() is var onBranch && onBranch != _run.Branch)
            {
                return Halt(phaseId, $"the {role} left branch {_run.Branch} for {onBranch ?? "a detached HEAD"} and ias commits only on the run's branch; `git switch {_run.Branch}`, then `ias run-resume`");
            }

            // What no retry can fix halts at once, with the CLI's own words.
            switch (response.Failure)
            {
                case FailureClass.Auth:
                    return Halt(phaseId, $"not logged in to {cli} ({response.Detail}); log in to {cli} once by hand, then `ias run-resume`");
                case FailureClass.Billing:
                    return Halt(phaseId, $"{cli} has no credits or its billing failed ({response.Detail}); fix the account, then `ias run-resume`");
                case FailureClass.ConfigError:
                    return Halt(phaseId, $"{cli} refused its command line ({response.Detail}); fix the agent's args in .loa.config.yaml, then `ias run-resume`");
                default:
                    break;
            }

            if (response.Failure == FailureClass.UsageLimit)
            {
                _ctx.Runs.EndPhase(phaseId, "usage_limit", 0, 0, Now);
                var wait = _rate.UsageLimited(response.UsageResetsAt);
                if (wait.Kind == RateDecisionKind.Halt)
                {
                    TripHalt(_breaker.Trip("rate_limit", $"{RateLimiter.MaxConsecutiveWaits} consecutive waits: the agent's usage limit keeps refusing calls"));
                    return PhaseEnd.Halted;
                }

                FirePhase(PhaseTrigger.Throttle);
                Event("rate", $"agent usage limit reached; waiting until {wait.WaitUntil:HH:mm} UTC");
                Persist();
                return PhaseEnd.Done;
            }

            // Implement work that landed in the tree counts even when the turn ended badly (a timeout after edits is progress),
            // and a turn cut short by max turns, context or budget ends the step incomplete with its reason.
            if (phase == Phase.Implement && (response.Success || response.Failure == FailureClass.Incomplete || _ctx.Git.DirtyPaths().Count > 0))
            {
                return AfterImplement(phaseId, cycle, before, response);
            }

            if (response.Failure == FailureClass.Incomplete)
            {
                return Halt(phaseId, $"the {role} ended incomplete without a verdict ({response.Detail}); raise the agent's limits, then `ias run-resume`");
            }

            var failure = response.Success ? FailureClass.Garbage : response.Failure;
            if (phase != Phase.Implement && response.Success)
            {
                var verdict = VerdictParser.Parse(response.FinalText, out var why);
                if (verdict is not null)
                {
                    return AfterVerdict(phaseId, cycle, phase, verdict);
                }

                response = response with { Detail = why ?? "no verdict" };
            }

            // The backoff pipeline has already spent a transient failure's attempts.
            var count = failures[failure] = failure == FailureClass.Transient ? AgentRetry.TransientAttempts : failures.GetValueOrDefault(failure) + 1;
            var limit = AgentRetry.Attempts(failure, _ctx.PhaseAttempts);
            Event("agent-failure", $"{role} attempt {count}/{limit} failed: {failure} — {response.Detail}");
            if (count >= limit)
            {
                return Halt(phaseId, $"{role} failed {count} times (last: {failure} — {response.Detail}); see {_ctx.Paths.JobsDir}");
            }

            // Issue 3 §4: a dead network gets time to come back before the step is tried again, longer each time.
            if (failure == FailureClass.Network)
            {
                var pause = _ctx.TransientBackoff * Math.Pow(2, count - 1);
                Event("agent-retry", $"{role}: waiting {pause.TotalSeconds:0.#} s for the network before attempt {count + 1}/{limit}");
                try
                {
                    await Task.Delay(pause, _ctx.Clock, control.NewAgentToken());
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    _ctx.Runs.EndPhase(phaseId, "aborted", 0, 0, Now);
                    UserHalt(control);
                    return PhaseEnd.Aborted;
                }
            }
        }
    }

    private PhaseEnd AfterImplement(long phaseId, int cycle, string before, AgentResponse response)
    {
        var summary = FirstLine(response.FinalText) is { Length: > 0 } s ? s : "agent changes";
        var changed = CommitRunWork(before, SprintCommit.Message(_run.Target, cycle, Truncate(summary, 72)), cycle, summary);
        if (changed == 0)
        {
            Event("commit", "implement changed no file; nothing to commit");
        }

        _ctx.Runs.EndPhase(phaseId, response.Success ? "done" : $"ended:{response.Failure}", 0, changed, Now);
        _run = _run with { CycleHistory = [.. _run.CycleHistory, new CycleEntry(cycle, Phase.Implement, 0)] };
        if (_breaker.RecordProgress(changed > 0) is { } trip)
        {
            FirePhase(PhaseTrigger.Implemented);
            TripHalt(trip);
            return PhaseEnd.Halted;
        }

        FirePhase(PhaseTrigger.Implemented);
        Persist();
        return PhaseEnd.Done;
    }

    private PhaseEnd AfterVerdict(long phaseId, int cycle, Phase phase, Verdict verdict)
    {
        var findings = verdict.Findings;
        var hash = FindingsHash.Of(findings);
        if (findings.Count > 0)
        {
            _ctx.Runs.AddFindings(_run.RunId, cycle, phase, hash!, findings);
        }

        _ctx.Runs.EndPhase(phaseId, verdict.Passed ? "pass" : "findings", findings.Count, 0, Now);
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
            Fire(RunTrigger.AllPassed, $"review and audit passed in cycle {cycle}");
            Finish();
            return PhaseEnd.Done;
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
        _ctx.Runs.EndPhase(phaseId, "failed", 0, 0, Now);
        EnterHalt(RunTrigger.Halt, reason, reason);
        return PhaseEnd.Halted;
    }

    private void RecordCall(Phase phase, AgentRequest request, AgentResponse response, DateTimeOffset started)
    {
        if (response.Failure != FailureClass.UsageLimit)
        {
            _rate.RecordCall(Math.Max(1, response.ApiCalls));
        }

        _run = _run with
        {
            TokensIn = _run.TokensIn + response.TokensIn,
            TokensOut = _run.TokensOut + response.TokensOut,
            CostUsd = _run.CostUsd + response.CostUsd,
        };
        _ctx.Runs.AddAgentCall(new AgentCallRecord(
            _run.RunId, request.Cycle, phase, request.Role, request.Settings.Agent.ToString().ToLowerInvariant(),
            response.SessionId, started, Now, response.ExitCode,
            response.Success ? "success" : response.Failure.ToString(), response.ApiCalls,
            response.TokensIn, response.TokensOut, response.CostUsd, request.JobDir));
    }

    private ValueTask OnAgentEvent(AgentEvent e)
    {
        switch (e)
        {
            case SessionStarted session:
                Event("agent", $"session {session.SessionId}{(session.Model is null ? "" : $" ({session.Model})")}");
                Report($"agent session {session.SessionId} started");
                break;
            case ToolCall call:
                _agentEvents.Add((Now, "tool", $"{call.ToolName} {call.Target}".TrimEnd()));
                break;
            case AssistantText text when FirstLine(text.Text) is { Length: > 0 } line:
                _agentEvents.Add((Now, "assistant", Truncate(line, 200)));
                break;
        }

        // A batch is written when it is big or a quarter second old, and at the end of the turn.
        if (_agentEvents.Count >= AgentEventBatch || (_agentEvents.Count > 0 && Now - _agentEvents[0].At >= AgentEventDelay))
        {
            FlushAgentEvents();
        }

        return ValueTask.CompletedTask;
    }

    private void FlushAgentEvents()
    {
        _ctx.Runs.AddEvents(_run.RunId, _agentEvents);
        _agentEvents.Clear();
    }

    private string DiffSummary() =>
        _run.Commits == 0 ? "" : _ctx.Git.Try("diff", "--stat", $"HEAD~{_run.Commits}", "HEAD").Stdout.Trim();

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
