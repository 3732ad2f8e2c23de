using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Sandbox;
using Ias.Core.Scaffold;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Engine;

/// <summary>Run Mode's side of the agent turn: the step's prompt and settings, the turn's call record and events, and what a refused or limited call means for the run.</summary>
internal sealed class RunTurns(
    EngineContext ctx, LiveRun live, HeldInputs inputs, A2aWriter a2a, RunGit git, RunHalting halting, RunDecisions decisions, RunNotifier? notifier)
{

    private readonly EngineContext _ctx = ctx;
    private readonly LiveRun _live = live;

    // Agent tool calls and text, stored in batches (see FlushAgentEvents); the raw log on disk has every line at once.
    private readonly List<(DateTimeOffset At, string Kind, string Message)> _agentEvents = [];

    // One for the run: it asks git where the hooks and config live once, not at every turn.
    private RepoGuard? _repoGuard;

    // The run's agents work in it, turn after turn, so their build caches survive; made at the first boxed turn.
    private Workspace? _workspace;

    // The prompt's `git diff --stat` of the run, with the HEAD and commit count it was asked at (see DiffSummary).
    private (string Head, int Commits, string Text)? _diffSummary;

    private const int AgentEventBatch = 500;

    private static readonly TimeSpan AgentEventDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Opens the current phase's step: its row, its prompt and settings, and the session a usage limit left to resume.</summary>
    public PhaseStep Begin(string sprint, IReadOnlyList<Finding> findings)
    {
        var phase = _live.Phase;
        var cycle = _live.Run.CycleCurrent;
        var role = phase.RoleOf() ?? Role.Auditor;

        // The role table runs the red team and the E2E tester on the auditor's agent and settings: more read-only readers, with prompts of their own.
        var settings = PreflightChecks.AgentsFor(_ctx.Config, _live.Run.Options.Agent).For(role);
        var before = _ctx.Git.Base();
        var template = inputs.Inputs.Prompt(phase)
            .Replace("{{design}}", inputs.Inputs.Design ?? "")
            .Replace("{{feedback_files}}", a2a.FeedbackFiles())
            .Replace("{{test_command}}", _ctx.Config.TestCommand is { } test ? $"`{test}`" : "the project's own test command: find it in its README or build files");
        var cli = settings.Agent.ToString().ToLowerInvariant();

        // A person's answers head the prompt of every attempt; the first attempt also resumes the session that asked.
        var (answers, asker) = decisions.AnswersToDeliver(cycle, phase, cli);
        var rendered = AnswerPrompt.For(answers) + RepoScaffold.PromptLead(_ctx.WorkTree) + PromptTemplates.Render(template, _live.Run.Target, cycle, sprint, findings, DiffSummary(before));
        var prompt = inputs.Guardrails.Redact(RunGuardrails.SkillOf(phase), _live.Run.Target, rendered);
        var phaseId = _ctx.Runs.BeginPhase(_live.Run.RunId, cycle, phase, _live.Now);
        _live.Event(RunEventKind.Phase, $"{role} ({settings.Agent.ToString().ToLowerInvariant()}) started");
        _live.Persist();

        // After a usage limit the same session resumes, by its id; the calls table keeps it across engine restarts.
        var resumeSession = _ctx.Runs.AgentCalls(_live.Run.RunId).LastOrDefault() is { Outcome: nameof(FailureClass.UsageLimit), SessionId: { } limited } last
            && last.Cycle == cycle && last.Phase == phase && last.Agent == cli
            ? limited
            : asker;
        var iceLog = IceLog.PathFor(_ctx.Paths);
        return new PhaseStep(phase, cycle, role, cli, settings, before, prompt, phaseId, resumeSession,
            new AgentTurn(_ctx.Agents, _ctx.Git, iceLog, _ctx.Clock, _repoGuard ??= new RepoGuard(_ctx.Git, Publisher.Remote), RunWorkspace()).Limited(_ctx.Config, _live.Report),
            new IceLog(iceLog, _ctx.Clock))
        {
            Answers = [.. answers.Select(d => d.Id)],
        };
    }

    /// <summary>The run's private workspace, where its boxed agents work; none unsandboxed, where they work in the checkout.</summary>
    private Workspace? RunWorkspace() =>
        _ctx.Agents.Sandboxed ? _workspace ??= Workspace.For(_ctx.Git, _ctx.RepoRoot, _live.Run.RunId, new AgentBox(BoxLayout.For(_ctx.Git, _ctx.Config.Sandbox with { Allow = [] }))) : null;

    /// <summary>One attempt of the step: its own job dir, the turn, then the call's record, its events and ICE's refusals.</summary>
    public async ValueTask<AgentResponse> TurnAsync(PhaseStep step, CancellationToken token)
    {
        // Every attempt asks, the backoff's and the network wait's retries included; the count is saved before the agent starts.
        step.Refused = CallGate.Ask(_ctx, _live.Rate, _live.Run.RunId, step.Settings.Agent.Name);
        step.After = null;
        if (step.Refused is not null)
        {
            return CallGate.NotStarted;
        }

        _live.Persist();
        var iceMark = step.IceLog.Length;
        var jobDir = step.JobDir = Path.Combine(_ctx.Paths.JobsDir, JobIds.Of(_live.Run.RunId, step.PhaseId, step.Cycle, step.Phase, ++step.Attempt));
        var started = _live.Now;
        var inputsBefore = RunInputs.Look(_ctx.WorkTree);
        var request = new AgentRequest(step.Role, WireName.Of(step.Phase), step.Cycle, _live.Run.Target, step.Prompt, step.Settings, jobDir)
        {
            ResumeSessionId = step.Attempt == 1 ? step.ResumeSession : null,

            // Only a run waits for answers, so only a run's agents are given somewhere to ask (in the turn's scratch folder).
            Environment = new Dictionary<string, string> { [AskFile.Variable] = AskFile.ForJob(jobDir) },
        };

        // The run holds ICE's hook for its whole life, so the turn does not install its own.
        TurnResult turn;
        try
        {
            turn = await step.Turn.RunAsync(new TurnRequest(request), e => OnAgentEvent(e), token);
            step.After = turn.After;
            FlushAgentEvents();
            RecordCall(step.Phase, request, turn.Response!, started);
        }
        finally
        {
            _ctx.Safety.CallEnded(_live.Run.RunId);
        }

        var answer = turn.Response!;

        // Handed over once the agent has had them: an engine killed mid-turn hands them again.
        if (step.Answers.Count > 0)
        {
            decisions.Decisions.Delivered(step.Answers, _live.Now);
        }

        git.ReportIceRefusals(step.IceLog, iceMark);
        inputs.NoteChanges(_live, step.Role.Wire, inputsBefore);
        return answer;
    }

    /// <summary>The gate kept the step's next attempt from starting: wait for the hour in RATE_LIMITED, or halt.</summary>
    public PhaseEnd Refused(PhaseStep step, CallRefusal refused)
    {
        _live.EndStep(step.PhaseId, refused.Kind == CallRefusalKind.Wait ? StepOutcome.RateLimited : StepOutcome.Refused);
        switch (refused.Kind)
        {
            case CallRefusalKind.Wait:
                // The step starts over after the wait, with its attempts counted afresh.
                // Saved before the line is shown, so whoever reads the line finds RATE_LIMITED in .run/.
                _live.FirePhase(PhaseTrigger.Throttle);
                _live.Persist();
                _live.Event(RunEventKind.Rate, refused.Line);
                return PhaseEnd.Done;
            case CallRefusalKind.RateHalt:
                return halting.Tripped(_live.Breaker.Trip(TripCause.RateLimit, refused.Line));
            default:
                halting.Halt(refused.Line);
                return PhaseEnd.Halted;
        }
    }

    /// <summary>The agent's usage limit puts the run in RATE_LIMITED until the reset, or trips the breaker after too many waits.</summary>
    /// <remarks>Every other call of <paramref name="agent"/>'s CLI in the repository waits the limit out too (<see cref="SafetyStore.Park"/>).</remarks>
    public PhaseEnd UsageLimited(long phaseId, string agent, AgentResponse response)
    {
        _live.EndStep(phaseId, StepOutcome.UsageLimit);
        var wait = _live.Rate.UsageLimited(response.UsageResetsAt);
        _ctx.Safety.Park(agent, response.UsageResetsAt, _live.Now);
        if (wait.Kind == RateDecisionKind.Halt)
        {
            return halting.Tripped(_live.Breaker.Trip(TripCause.RateLimit, RateLimiter.WaitedTooOften));
        }

        _live.FirePhase(PhaseTrigger.Throttle);
        _live.Event(RunEventKind.Rate, $"agent usage limit reached; waiting until {wait.WaitUntil:HH:mm} UTC");
        _live.Persist();
        notifier?.Notify(_live.Run, NotificationKind.UsageLimit, $"{_live.Run.Target} waits for the agent's usage limit until {wait.WaitUntil:HH:mm} UTC");
        return PhaseEnd.Done;
    }

    /// <summary>A dead network gets time to come back before the step is tried again, longer each time; false when a halt cut the wait short.</summary>
    public async Task<bool> WaitForNetworkAsync(Role role, int count, int limit, ControlWatcher control, CancellationToken ct)
    {
        var pause = _ctx.TransientBackoff * Math.Pow(2, count - 1);
        _live.Event(RunEventKind.AgentRetry, $"{role}: waiting {pause.TotalSeconds:0.#} s for the network before attempt {count + 1}/{limit}");
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
            _live.Rate.CallCompleted();
        }

        _live.Update(r => r with
        {
            TokensIn = r.TokensIn + response.TokensIn,
            TokensOut = r.TokensOut + response.TokensOut,
            CostUsd = r.CostUsd + response.CostUsd,
        });
        var call = AgentCallRecord.Finished(_live.Run.RunId, request.Cycle, phase, request, response, started, _live.Now);
        _ctx.Runs.AddAgentCall(call);
        _live.Trajectory.Call(call);
    }

    private ValueTask OnAgentEvent(AgentEvent e)
    {
        switch (e)
        {
            case SessionStarted session:
                _live.Event(RunEventKind.Agent, $"session {session.SessionId}{(session.Model is null ? "" : $" ({session.Model})")}");
                _live.Report($"agent session {session.SessionId} started");
                break;
            case ToolCall call:
                _agentEvents.Add((_live.Now, RunEventKind.Tool.Wire(), SecretRedactor.InertLine($"{call.ToolName} {call.Target}").TrimEnd()));
                break;
            case AssistantText text when ShortText.FirstLine(text.Text) is { Length: > 0 } line:
                _agentEvents.Add((_live.Now, RunEventKind.Assistant.Wire(), ShortText.Cut(SecretRedactor.InertLine(line), 200)));
                break;
        }

        // A batch is written when it is big or a quarter second old, and at the end of the turn.
        if (_agentEvents.Count >= AgentEventBatch || (_agentEvents.Count > 0 && _live.Now - _agentEvents[0].At >= AgentEventDelay))
        {
            FlushAgentEvents();
        }

        return ValueTask.CompletedTask;
    }

    public void FlushAgentEvents()
    {
        _ctx.Runs.AddEvents(_live.Run.RunId, _agentEvents);
        _agentEvents.Clear();
    }

    /// <summary>The run's diff for the prompt, asked of git again only when HEAD (<paramref name="head"/>) or the run's commits moved.</summary>
    private string DiffSummary(string head)
    {
        if (_live.Run.Commits == 0)
        {
            return "";
        }

        if (_diffSummary is not { } last || last.Head != head || last.Commits != _live.Run.Commits)
        {
            _diffSummary = last = (head, _live.Run.Commits, _ctx.Git.Try("diff", "--stat", $"HEAD~{_live.Run.Commits}", "HEAD").Stdout.Trim());
        }

        return last.Text;
    }
}
