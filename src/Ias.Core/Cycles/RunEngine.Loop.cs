using Ias.Core.Agents;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

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
        var phaseId = _ctx.Store.BeginPhase(_run.RunId, cycle, phase, Now);
        Event("phase", $"{role} ({settings.Agent.ToString().ToLowerInvariant()}) started");
        Persist();

        AgentResponse? response = null;
        var iceLog = new IceLog(IceLog.PathFor(_ctx.Paths), _ctx.Clock);
        for (var attempt = 1; attempt <= _ctx.PhaseAttempts; attempt++)
        {
            var iceMark = iceLog.Length;
            var jobDir = Path.Combine(_ctx.Paths.JobsDir, JobIds.Of(_run.RunId, phaseId, cycle, phase, attempt));
            var started = Now;
            var request = new AgentRequest(role, phase, cycle, _run.Target, prompt, settings, jobDir);
            try
            {
                response = await _ctx.Agents.InvokeAsync(request, e => OnAgentEvent(e), control.NewAgentToken());
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                FlushAgentEvents();
                _ctx.Store.EndPhase(phaseId, "aborted", 0, 0, Now);
                UserHalt(control);
                return PhaseEnd.Aborted;
            }

            FlushAgentEvents();

            RecordCall(request, response, started);
            ReportIceRefusals(iceLog, iceMark);
            if (control.ForceHalt)
            {
                _ctx.Store.EndPhase(phaseId, "aborted", 0, 0, Now);
                UserHalt(control);
                return PhaseEnd.Aborted;
            }

            // ICE lets an agent switch to another feature branch; the run's commits must still land on its own.
            if (_ctx.Git.CurrentBranch() is var onBranch && onBranch != _run.Branch)
            {
                return Halt(phaseId, $"the {role} left branch {_run.Branch} for {onBranch ?? "a detached HEAD"} and ias commits only on the run's branch; `git switch {_run.Branch}`, then `ias run-resume`");
            }

            if (response.Failure == FailureClass.Auth)
            {
                return Halt(phaseId, $"{role} is not signed in ({response.Detail}); sign in to the agent CLI once by hand, then `ias run-resume`");
            }

            if (response.Failure == FailureClass.UsageLimit)
            {
                _ctx.Store.EndPhase(phaseId, "usage_limit", 0, 0, Now);
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

            // Implement work that landed in the tree counts even when the turn ended badly (a timeout after edits is progress).
            if (phase == Phase.Implement && (response.Success || _ctx.Git.DirtyPaths().Count > 0))
            {
                return AfterImplement(phaseId, cycle, before, response);
            }

            if (phase != Phase.Implement && response.Success)
            {
                var verdict = VerdictParser.Parse(response.FinalText, out var why);
                if (verdict is not null)
                {
                    return AfterVerdict(phaseId, cycle, phase, verdict);
                }

                Event("agent-failure", $"{role} attempt {attempt}: {why}");
                continue;
            }

            Event("agent-failure", $"{role} attempt {attempt}/{_ctx.PhaseAttempts} failed: {response.Failure} — {response.Detail}");
        }

        return Halt(phaseId, $"{role} failed {_ctx.PhaseAttempts} times (last: {response?.Failure} — {response?.Detail}); see {_ctx.Paths.JobsDir}");
    }

    private PhaseEnd AfterImplement(long phaseId, int cycle, string before, AgentResponse response)
    {
        var summary = FirstLine(response.FinalText) is { Length: > 0 } s ? s : "agent changes";
        var changed = CommitRunWork(before, SprintCommit.Message(_run.Target, cycle, Truncate(summary, 72)), cycle, summary);
        if (changed == 0)
        {
            Event("commit", "implement changed no file; nothing to commit");
        }

        _ctx.Store.EndPhase(phaseId, response.Success ? "done" : $"ended:{response.Failure}", 0, changed, Now);
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
            _ctx.Store.AddFindings(_run.RunId, cycle, phase, hash!, findings);
        }

        _ctx.Store.EndPhase(phaseId, verdict.Passed ? "pass" : "findings", findings.Count, 0, Now);
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
        _ctx.Store.EndPhase(phaseId, "failed", 0, 0, Now);
        EnterHalt(RunTrigger.Halt, reason, reason);
        return PhaseEnd.Halted;
    }

    private void RecordCall(AgentRequest request, AgentResponse response, DateTimeOffset started)
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
        _ctx.Store.AddAgentCall(new AgentCallRecord(
            _run.RunId, request.Cycle, request.Phase, request.Role, request.Settings.Agent.ToString().ToLowerInvariant(),
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
        _ctx.Store.AddEvents(_run.RunId, _agentEvents);
        _agentEvents.Clear();
    }

    private string DiffSummary() =>
        _run.Commits == 0 ? "" : _ctx.Git.Try("diff", "--stat", $"HEAD~{_run.Commits}", "HEAD").Stdout.Trim();

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
