using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.StateMachines;
using Ias.Core.Turns;

namespace Ias.Core.Cycles;

/// <summary>Run Mode's side of the agent turn: the step's prompt and settings, the turn's call record and events, and what each action means for the run.</summary>
public sealed partial class RunEngine
{
    private const int AgentEventBatch = 500;

    /// <summary>The role of the RED_TEAM_CODE gate's turn, as the agent and its logs see it.</summary>
    public const string RedTeamRole = "red_team";

    /// <summary>The role of post-PR validation's fresh-eyes tester.</summary>
    public const string E2eRole = "e2e_tester";

    private static readonly TimeSpan AgentEventDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Opens the current phase's step: its row, its prompt and settings, and the session a usage limit left to resume.</summary>
    private PhaseStep BeginStep(string sprint)
    {
        var phase = _phase.State;
        var cycle = _run.CycleCurrent;
        var role = phase switch
        {
            Phase.Implement => "implementer",
            Phase.Review => "reviewer",
            Phase.RedTeamCode => RedTeamRole,
            Phase.PostPrFix => "implementer",
            Phase.E2eTesting => E2eRole,
            _ => "auditor",
        };

        // The red team and the E2E tester run on the auditor's agent and settings: more read-only readers, with prompts of their own.
        var settings = PreflightChecks.AgentsFor(_ctx.Config, _run.Options.Agent)
            .For(phase is Phase.RedTeamCode or Phase.E2eTesting ? "auditor" : role);
        var before = _ctx.Git.Base();
        var findings = phase switch
        {
            Phase.RedTeamCode => EarlierFindings(),
            Phase.PostPrAudit or Phase.E2eTesting => EarlierPostPrFindings(),
            _ => _openFindings,
        };
        var template = _inputs.Prompt(phase)
            .Replace("{{design}}", _inputs.Design ?? "")
            .Replace("{{feedback_files}}", FeedbackFiles())
            .Replace("{{test_command}}", _ctx.Config.TestCommand is { } test ? $"`{test}`" : "the project's own test command: find it in its README or build files");
        var cli = settings.Agent.ToString().ToLowerInvariant();

        // A person's answers head the prompt of every attempt; the first attempt also resumes the session that asked.
        var (answers, asker) = AnswersToDeliver(cycle, phase, cli);
        var rendered = AnswerPrompt.For(answers) + PromptTemplates.Render(template, _run.Target, cycle, sprint, findings, DiffSummary(before));
        var prompt = Guardrails.Redact(RunGuardrails.SkillOf(phase), _run.Target, rendered);
        var phaseId = _ctx.Runs.BeginPhase(_run.RunId, cycle, phase, Now);
        Event("phase", $"{role} ({settings.Agent.ToString().ToLowerInvariant()}) started");
        Persist();

        // After a usage limit the same session resumes, by its id; the calls table keeps it across engine restarts.
        var resumeSession = _ctx.Runs.AgentCalls(_run.RunId).LastOrDefault() is { Outcome: nameof(FailureClass.UsageLimit), SessionId: { } limited } last
            && last.Cycle == cycle && last.Phase == phase && last.Agent == cli
            ? limited
            : asker;
        var iceLog = IceLog.PathFor(_ctx.Paths);
        return new PhaseStep(phase, cycle, role, cli, settings, before, prompt, phaseId, resumeSession,
            new AgentTurn(_ctx.Agents, _ctx.Git, iceLog, _ctx.Clock, _repoGuard ??= new RepoGuard(_ctx.Git, Publisher.Remote), RunWorkspace())
            {
                MaxPatchBytes = _ctx.Config.Sandbox.MaxPatchMb * 1024L * 1024,
            },
            new IceLog(iceLog, _ctx.Clock))
        {
            Answers = [.. answers.Select(d => d.Id)],
        };
    }

    /// <summary>The run's private workspace, where its boxed agents work; none unsandboxed, where they work in the checkout.</summary>
    private Workspace? RunWorkspace() =>
        _ctx.Agents.Sandboxed ? _workspace ??= Workspace.For(_ctx.Git, _run.RunId, new AgentBox(BoxLayout.For(_ctx.Git, []))) : null;

    /// <summary>One attempt of the step: its own job dir, the turn, then the call's record, its events and ICE's refusals.</summary>
    private async ValueTask<AgentResponse> TurnAsync(PhaseStep step, CancellationToken token)
    {
        // Every attempt asks, the backoff's and the network wait's retries included; the count is saved before the agent starts.
        step.Refused = CallGate.Ask(_ctx, _rate, _run.RunId);
        step.After = null;
        if (step.Refused is not null)
        {
            return CallGate.NotStarted;
        }

        Persist();
        var iceMark = step.IceLog.Length;
        var jobDir = step.JobDir = Path.Combine(_ctx.Paths.JobsDir, JobIds.Of(_run.RunId, step.PhaseId, step.Cycle, step.Phase, ++step.Attempt));
        var started = Now;
        var inputsBefore = RunInputs.Look(_ctx.RepoRoot);
        var request = new AgentRequest(step.Role, WireName.Of(step.Phase), step.Cycle, _run.Target, step.Prompt, step.Settings, jobDir)
        {
            ResumeSessionId = step.Attempt == 1 ? step.ResumeSession : null,

            // Only a run waits for answers, so only a run's agents are given somewhere to ask (in the turn's scratch folder).
            Environment = new Dictionary<string, string> { [AskFile.Variable] = AskFile.ForJob(jobDir) },
        };

        // The run holds ICE's hook for its whole life, so the turn does not install its own.
        var turn = await step.Turn.RunAsync(new TurnRequest(request), e => OnAgentEvent(e), token);
        var answer = turn.Response!;
        step.After = turn.After;
        FlushAgentEvents();
        RecordCall(step.Phase, request, answer, started);

        // Handed over once the agent has had them: an engine killed mid-turn hands them again.
        if (step.Answers.Count > 0)
        {
            Decisions.Delivered(step.Answers, Now);
        }

        ReportIceRefusals(step.IceLog, iceMark);
        NoteInputChanges(step.Role, inputsBefore);
        return answer;
    }

    /// <summary>The gate kept the step's next attempt from starting: wait for the hour in RATE_LIMITED, or halt.</summary>
    private PhaseEnd Refused(PhaseStep step, CallRefusal refused)
    {
        _ctx.Runs.EndPhase(step.PhaseId, refused.Kind == CallRefusalKind.Wait ? StepOutcome.RateLimited : StepOutcome.Refused, 0, 0, Now);
        switch (refused.Kind)
        {
            case CallRefusalKind.Wait:
                // The step starts over after the wait, with its attempts counted afresh.
                // Saved before the line is shown, so whoever reads the line finds RATE_LIMITED in .run/.
                FirePhase(PhaseTrigger.Throttle);
                Persist();
                Event("rate", refused.Line);
                return PhaseEnd.Done;
            case CallRefusalKind.RateHalt:
                TripHalt(_breaker.Trip("rate_limit", refused.Line));
                return PhaseEnd.Halted;
            default:
                EnterHalt(RunTrigger.Halt, refused.Line, refused.Line);
                Report($"halted: {refused.Line}");
                return PhaseEnd.Halted;
        }
    }

    private PhaseEnd Abort(PhaseStep step, ControlWatcher control)
    {
        _ctx.Runs.EndPhase(step.PhaseId, StepOutcome.Aborted, 0, 0, Now);
        UserHalt(control);
        return PhaseEnd.Aborted;
    }

    /// <summary>What no retry can fix halts at once, with the CLI's own words.</summary>
    private static string HaltReason(string cli, AgentResponse response) => response.Failure switch
    {
        FailureClass.Breach => response.Detail,
        FailureClass.Auth => $"not logged in to {cli} ({response.Detail}); log in to {cli} once by hand, then `ias run-resume`",
        FailureClass.Billing => $"{cli} has no credits or its billing failed ({response.Detail}); fix the account, then `ias run-resume`",
        _ => $"{cli} refused its command line ({response.Detail}); fix the agent's args in .loa.config.yaml, then `ias run-resume --reload-config`",
    };

    /// <summary>The agent's usage limit puts the run in RATE_LIMITED until the reset, or trips the breaker after too many waits.</summary>
    private PhaseEnd UsageLimited(long phaseId, AgentResponse response)
    {
        _ctx.Runs.EndPhase(phaseId, StepOutcome.UsageLimit, 0, 0, Now);
        var wait = _rate.UsageLimited(response.UsageResetsAt);
        if (wait.Kind == RateDecisionKind.Halt)
        {
            TripHalt(_breaker.Trip("rate_limit", $"{RateLimiter.MaxConsecutiveWaits} consecutive waits: the agent's usage limit keeps refusing calls"));
            return PhaseEnd.Halted;
        }

        FirePhase(PhaseTrigger.Throttle);
        Event("rate", $"agent usage limit reached; waiting until {wait.WaitUntil:HH:mm} UTC");
        Persist();
        Notify(NotificationKind.UsageLimit, $"{_run.Target} waits for the agent's usage limit until {wait.WaitUntil:HH:mm} UTC");
        return PhaseEnd.Done;
    }

    /// <summary>A dead network gets time to come back before the step is tried again, longer each time; false when a halt cut the wait short.</summary>
    private async Task<bool> WaitForNetworkAsync(string role, int count, int limit, ControlWatcher control, CancellationToken ct)
    {
        var pause = _ctx.TransientBackoff * Math.Pow(2, count - 1);
        Event("agent-retry", $"{role}: waiting {pause.TotalSeconds:0.#} s for the network before attempt {count + 1}/{limit}");
        try
        {
            await Task.Delay(pause, _ctx.Clock, control.NewAgentToken());
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private void RecordCall(Phase phase, AgentRequest request, AgentResponse response, DateTimeOffset started)
    {
        // A call its provider refused for a usage limit keeps the streak of waits going, so those waits can halt the run.
        if (response.Failure != FailureClass.UsageLimit)
        {
            _rate.CallCompleted();
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
                _agentEvents.Add((Now, "tool", SecretRedactor.InertLine($"{call.ToolName} {call.Target}").TrimEnd()));
                break;
            case AssistantText text when FirstLine(text.Text) is { Length: > 0 } line:
                _agentEvents.Add((Now, "assistant", Truncate(SecretRedactor.InertLine(line), 200)));
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

    /// <summary>The step of the current phase that its attempts share.</summary>
    private sealed record PhaseStep(
        Phase Phase, int Cycle, string Role, string Cli, AgentSettings Settings, string Before, string Prompt, long PhaseId,
        string? ResumeSession, AgentTurn Turn, IceLog IceLog)
    {
        public int Attempt { get; set; }

        /// <summary>Set when the gate refused the last attempt, which then never started.</summary>
        public CallRefusal? Refused { get; set; }

        /// <summary>The repository as ICE saw it when the last attempt ended; null when it did not look.</summary>
        public RepoState? After { get; set; }

        /// <summary>The last attempt's job folder, where its agent's questions are.</summary>
        public string? JobDir { get; set; }

        /// <summary>The decisions whose answers head the step's prompt.</summary>
        public IReadOnlyList<string> Answers { get; init; } = [];
    }
}
