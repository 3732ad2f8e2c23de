using System.Globalization;
using System.Security.Cryptography;
using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Git;
using Ias.Core.Guardrails;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Sandbox;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Core.Turns;
using Stateless;

namespace Ias.Core.Bugs;

/// <summary>
/// Bug run mode: triage the bug on `bugfix/&lt;bug_id&gt;`, stop at a high-risk area unless --allow-high, then
/// its micro-sprint through the same Run Mode engine with the bug-scoped breaker, the bug's own state in
/// `.run/bugs/&lt;bug_id&gt;/`, and a draft PR carrying the confidence signals. With post-PR validation on, the engine's run
/// waits COMPLETE while the bug's PR is opened, then validates that PR as a sprint's (POST_PR_AUDIT, E2E_TESTING).
/// </summary>
public sealed class BugRunner(EngineContext ctx)
{
    /// <summary>The bug-scoped circuit breaker: tighter limits, because a bug's scope is smaller.</summary>
    public const int CycleLimit = 10;

    /// <summary>
    /// What a person does after <paramref name="bug"/> halted: a bug run is never resumed, so its halt line gives the command
    /// that starts it again, with --allow-high when a high-risk area is what halted it.
    /// </summary>
    public static string AfterHalt(BugRecord bug)
    {
        ArgumentNullException.ThrowIfNull(bug);
        var allow = bug.HighRiskFiles.Count > 0 && !bug.AllowHigh ? " --allow-high" : "";
        return $"a bug run is not resumed: start it again with `ias run --bug {ShellWords.Quote(bug.BugTitle)}{allow}`"
            + (allow.Length > 0 ? $" once a change to {string.Join(", ", bug.HighRiskFiles)} is yours to allow" : " once its cause is fixed");
    }
    public const double TimeoutHours = 2;
    public const int SameIssue = 3;
    public const int NoProgress = 5;

    private BugRecord _bug = null!;
    private StateMachine<BugState, BugTrigger> _machine = null!;

    // Taken before triage, so the triager and every later turn read the files as the user left them.
    private RunInputs _inputs = null!;
    private RunGuardrails _guardrails = null!;

    /// <summary>Asked before any remote operation under --confirm-push; null means there is no one to ask.</summary>
    public Func<string, bool?>? ConfirmPush { get; init; }

    /// <summary>
    /// Set when a person started the run at a terminal (not --headless, not --yes): a high-risk area is asked about
    /// (<see cref="HighRiskQuestion"/>) rather than halted at, 002's interactive rule.
    /// </summary>
    public bool AskAtHighRisk { get; init; }

    /// <summary>A person at a terminal said yes to this bug run before it started: it is recorded as interactive.</summary>
    public bool Confirmed { get; init; }

    private DateTimeOffset Now => ctx.Clock.GetUtcNow();

    public async Task<BugRecord> StartAsync(BugRequest request, CancellationToken ct)
    {
        var checkout = ctx.Git;
        return Ended(checkout, await StartBugAsync(request, ct));
    }

    /// <summary>The bug run's worktree, where it works from triage to its PR, and the checkout lock it holds meanwhile.</summary>
    /// <remarks>The lock keeps a queue's writing job out, which would share ICE's pre-push hook with the bug run.</remarks>
    private CheckoutLock WorkInTree(string bugId, PreflightPlan? start, string? branch = null)
    {
        var held = PreflightChecks.TakeCheckout(ctx, $"a bug run of bug {bugId}");
        ctx = OwnerTree.Open(ctx, $"bug-{bugId}", start, branch);
        return held;
    }

    /// <summary>A bug run nothing can resume gives its worktree back.</summary>
    private BugRecord Ended(GitCli checkout, BugRecord bug)
    {
        if (Resumable(ctx) is null)
        {
            OwnerTree.End(checkout, $"bug-{bug.BugId}", ctx.Progress);
        }

        return bug;
    }

    private async Task<BugRecord> StartBugAsync(BugRequest request, CancellationToken ct)
    {
        _inputs = RunInputs.Capture(ctx.RepoRoot, Now);
        ctx = ctx.WithInputs(_inputs);
        _guardrails = new RunGuardrails(ctx);
        var now = Now;
        var (title, description) = BugDescription.Of(ctx, request, Report);
        var bugId = $"{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var sprintId = $"sprint-bug-{BugStateFile.Count(ctx.Paths) + 1}";
        var branch = $"bugfix/{bugId}";
        var options = request.Options with
        {
            MaxCycles = Math.Min(request.Options.MaxCycles, CycleLimit),
            TimeoutHours = Math.Min(request.Options.TimeoutHours, TimeoutHours),
            AllowHigh = request.AllowHigh,
        };
        // The same pre-flight as a sprint (config, ICE branch safety, agents, no run in the way).
        var preflight = new PreflightChecks(BugContext()) { SprintText = description }.Check(new StartRequest(sprintId, options, branch));

        // The bug's text goes to the triager first: screened before anything is written, as a sprint plan is.
        _guardrails.Screen(sprintId, new ScannedText(request.FromIssue is { } issue ? $"issue #{issue}" : "the bug description", description, IsFile: false));

        using var checkout = WorkInTree(bugId, preflight);

        _bug = NewRecord(bugId, title, sprintId, now, branch, options, request);
        _machine = BugStateMachine.Create(() => _bug.State, s => _bug = _bug with { State = s });
        Save();
        Report($"bug {bugId}: {title}");

        var start = ctx.Git.Base();
        ctx.Git.SwitchTo(branch);
        Report($"on branch {branch}; triage started");
        TriageReport? triage;
        using (EngineLock.TryAcquire(ctx.Paths.EngineLock, ctx.Owner, out var holder)
            ?? throw new RunModeException($"another engine ({holder ?? "unknown owner"}) is running in this repository; watch it with `ias run-status`"))
        {
            // The triager may write (its reproduction), so ICE stands below it exactly as below the implementer.
            var ice = RunGit.InstallIce(ctx);
            try
            {
                triage = await TriageAsync(description, request.FromIssue, ct);
            }
            finally
            {
                RunGit.RemoveIce(ctx, ice);
            }
        }

        if (triage is null)
        {
            return _bug;
        }

        var highRisk = HighRisk.Filter(triage.SuspectedFiles);
        var risk = highRisk.Count > 0 ? "high" : triage.RiskLevel;
        _bug = _bug with
        {
            SuspectedFiles = triage.SuspectedFiles,
            HighRiskFiles = highRisk,
            Confidence = _bug.Confidence with { ReproductionStrength = triage.ReproductionStrength, TestType = triage.TestType, RiskLevel = risk },
        };
        var microSprint = MicroSprint(description, triage);
        WriteArtifact("sprint.md", microSprint);
        ctx.Git.CommitAll(SecretRedactor.ForThisProcess().Redact(InertText.Line($"chore({sprintId}): triage — {ShortText.Cut(title, 60)}")));
        Save();

        // The triager wrote most of the micro-sprint, from a repository anyone may have put text in: screened again.
        try
        {
            _guardrails.Screen(sprintId, new ScannedText($"{_bug.ArtifactsDir}/sprint.md", microSprint));
        }
        catch (RunModeException refused)
        {
            HaltBug(refused.Message);
            Report($"halted: {refused.Message}");
            return _bug;
        }

        if (risk == "high" && !await HighRiskClearedAsync(highRisk, request.AllowHigh, title, ct))
        {
            return _bug;
        }

        Fire(BugTrigger.TriageComplete);
        Save();

        var run = await Engine(BugContext(), microSprint, start).StartAsync(new StartRequest(sprintId, options, branch), ct);
        return await FinishAsync(run, start, microSprint, ct);
    }

    /// <summary>The bug as it enters triage: nothing found yet, weak confidence, and how it was started.</summary>
    private BugRecord NewRecord(string bugId, string title, string sprintId, DateTimeOffset now, string branch, RunOptions options, BugRequest request) =>
        new(bugId, title, sprintId, BugState.Triage, now, now, 0, 0, 0, null,
            new BugConfidence("weak", "unit", "low", 0, 0), branch, options, [], [], request.AllowHigh, request.FromIssue)
        {
            Mode = Confirmed ? BugRecord.Interactive : BugRecord.Autonomous,
        };

    /// <summary>
    /// Whether the bug goes on past its high-risk area: --allow-high; or, interactive, the person's yes to the question.
    /// Autonomous mode, or any other answer, halts the bug here.
    /// </summary>
    private async Task<bool> HighRiskClearedAsync(IReadOnlyList<string> highRisk, bool allowHigh, string title, CancellationToken ct)
    {
        var where = highRisk.Count > 0 ? $" ({string.Join(", ", highRisk)})" : " (triage rated it high)";
        if (!allowHigh)
        {
            var refused = AskAtHighRisk
                ? await new HighRiskQuestion(ctx, _bug.BugId, _bug.SprintId).AskAsync(where, Report, ct)
                : $"{HighRisk.HaltMessage}{where}";
            if (refused is not null)
            {
                HaltBug(refused);
                Report($"halted: {refused}; run `ias run --bug \"{title}\" --allow-high` to proceed");
                return false;
            }

            // The area is allowed, as --allow-high allows it (and the PR says so); high-danger skills stay as the flags left them.
            _bug = _bug with { AllowHigh = true };
            Save();
        }

        Report($"high-risk area{(highRisk.Count > 0 ? where : "")}: proceeding because {(allowHigh ? "of --allow-high" : "the person allowed it")}; the PR says so");
        return true;
    }

    /// <summary>The bug's own tighter breaker thresholds over the repository's configuration.</summary>
    private EngineContext BugContext() =>
        ctx with { Config = ctx.Config with { RunMode = ctx.Config.RunMode with { SameIssueThreshold = SameIssue, NoProgressThreshold = NoProgress } } };

    /// <summary>The engine of the bug's micro-sprint; with post-PR validation on, it validates the bug's PR through the bug's publisher.</summary>
    private RunEngine Engine(EngineContext bugCtx, string microSprint, string start) => new(bugCtx)
    {
        Inputs = _inputs,
        CheckoutHeld = true,
        SprintText = microSprint,
        A2a = A2aFolder.ForBug(_bug.ArtifactsDir),
        DeferPublish = true,
        ConfirmPush = ConfirmPush,
        Observer = Observe,
        OwnerPublish = RunCompletion.ValidationOn(ctx.Config.PostPr) ? (_, incomplete) => PublishBug(start, incomplete) : null,
    };

    /// <summary>
    /// The bug run whose draft PR waits for its post-PR validation or is in it, when the repository's current run is its
    /// run (COMPLETE, or RUNNING in post-PR validation after its engine stopped): `ias run-resume` continues it.
    /// </summary>
    public static BugRecord? Resumable(EngineContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return BugStateFile.Latest(ctx.Paths) is { RunId: { } id, State: BugState.Completed or BugState.PostPrAudit or BugState.E2eTesting } bug
            && ctx.Runs.CurrentRun() is { } run && run.RunId == id && (run.State == RunState.Complete || (run.State == RunState.Running && run.InPostPr))
                ? bug
                : null;
    }

    /// <summary>Continues <paramref name="bug"/>'s post-PR validation (see <see cref="Resumable"/>): its PR is published if it waits for that, then checked.</summary>
    public async Task<BugRecord> ResumeAsync(BugRecord bug, bool resetIce, bool force, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bug);
        _bug = bug;
        _machine = BugStateMachine.Create(() => _bug.State, s => _bug = _bug with { State = s });
        _inputs = new RunInputsStore(ctx.Store).Load(bug.RunId!) ?? RunInputs.Capture(ctx.RepoRoot, Now);
        ctx = ctx.WithInputs(_inputs);
        var checkout = ctx.Git;
        using var held = WorkInTree(bug.BugId, start: null, bug.Branch);
        var (start, microSprint) = BugPublisher.FromTriage(ctx.Git, bug)
            ?? throw new RunModeException($"bug {bug.BugId}: no triage commit `chore({bug.SprintId}): triage` on the checked-out branch; `git switch {bug.Branch}`, then `ias run-resume`");
        Report($"resuming the post-PR validation of bug {bug.BugId}'s draft PR");
        var engine = Engine(BugContext(), microSprint, start);
        var run = await engine.ResumeAsync(resetIce, force, ct);
        return Ended(checkout, run.State == RunState.Complete ? await FinishAsync(run, start, microSprint, ct) : Validated(run));
    }

    private async Task<TriageReport?> TriageAsync(string description, int? issue, CancellationToken ct)
    {
        if (_guardrails.Blocked(DangerLevels.BugTriaging, _bug.SprintId, _bug.AllowHigh) is { } blocked)
        {
            HaltBug(blocked);
            Report($"halted: {blocked}");
            return null;
        }

        var settings = PreflightChecks.AgentsFor(ctx.Config, _bug.Options.Agent).For(Role.Implementer);
        var prompt = $"""
            You are triaging a bug for ias Bug Run Mode (sprint {_bug.SprintId}, bug {_bug.BugId}).

            Bug{(issue is { } n ? $" (GitHub issue #{n})" : "")}:
            {description}

            Read the code, find where the bug lives, and decide how a test can reproduce it. Do not fix it yet.
            End your final message with a fenced ```json block:
            {"{"}"suspected_files": ["path"], "reproduction_strength": "strong|weak|manual_only", "test_type": "unit|integration|e2e|contract", "risk_level": "low|medium|high", "micro_sprint": "the tasks: a failing test, the fix, the check"{"}"}
            """;
        prompt = _guardrails.Redact(DangerLevels.BugTriaging, _bug.SprintId, prompt);
        var jobDir = Path.Combine(ctx.Paths.JobsDir, $"bug-{_bug.BugId}-triage");
        var rate = CallGate.Rate(ctx);
        if (await TriageCalls.GateAsync(ctx, rate, _bug.BugId, settings.Agent.Name, Report, ct) is { } refused)
        {
            HaltBug($"triage did not start: {refused.Line}");
            Report($"halted: {_bug.HaltReason}");
            return null;
        }

        // ICE's hook already stands below the triage for the engine lock's span, so the turn does not install its own.
        var workspace = ctx.Agents.Sandboxed ? Workspace.For(ctx.Git, ctx.RepoRoot, $"bug-{_bug.BugId}", new AgentBox(BoxLayout.For(ctx.Git, ctx.Config.Sandbox with { Allow = [] }))) : null;
        var turn = new AgentTurn(ctx.Agents, ctx.Git, IceLog.PathFor(ctx.Paths), ctx.Clock, workspace: workspace).Limited(ctx.Config, Report);
        var started = Now;
        var request = new AgentRequest(Role.Triager, WireName.Of(Phase.Implement), 1, _bug.SprintId, prompt, settings, jobDir);
        var result = await turn.RunAsync(new TurnRequest(request), _ => ValueTask.CompletedTask, ct);

        // The triage is the workspace's one turn: its change is in the bug run's tree now, and its disk goes.
        if (workspace is not null)
        {
            Workspace.End(ctx.RepoRoot, $"bug-{_bug.BugId}", resumable: false);
        }

        var response = result.Response!;
        TriageCalls.Record(ctx, rate, _bug.BugId, request, response, started);
        if (result.Action != TurnAction.Done)
        {
            HaltBug($"triage failed: {response.Failure} — {response.Detail}; see {jobDir}");
            Report($"halted: {_bug.HaltReason}");
            return null;
        }

        WriteArtifact("triage.md", $"# Triage: {_bug.BugTitle}\n\nBug {_bug.BugId}, {_bug.SprintId}\n\n{response.FinalText.Trim()}\n");
        var report = TriageReport.Parse(response.FinalText, out var why);
        if (report is null)
        {
            HaltBug($"triage gave no usable report: {why}; see {_bug.ArtifactsDir}/triage.md");
            Report($"halted: {_bug.HaltReason}");
        }
        else
        {
            Report($"triage: suspects {(report.SuspectedFiles.Count == 0 ? "no file" : string.Join(", ", report.SuspectedFiles))}; reproduction {report.ReproductionStrength}, {report.TestType} test, risk {report.RiskLevel}");
        }

        return report;
    }

    /// <summary>Mirrors the engine's run into the bug's state (the original tools' state table) and its namespaced breaker after every save.</summary>
    private void Observe(RunSnapshot run, BreakerSnapshot breaker)
    {
        var phase = run.Phase is Phase.RateLimited or Phase.AwaitingDecision ? run.ResumePhase ?? Phase.Implement : run.Phase;
        var trigger = (_machine.State, run.State, phase) switch
        {
            (BugState.Halted or BugState.ReadyForHitl, _, _) => (BugTrigger?)null,
            (BugState.Completed, RunState.Running, Phase.PostPrAudit) => BugTrigger.Validate,
            (BugState.Completed, _, _) => null,
            (_, RunState.Halted, _) => BugTrigger.Halt,
            (BugState.E2eTesting, RunState.ReadyForHitl, _) => BugTrigger.Validated,
            (BugState.PostPrAudit, _, Phase.E2eTesting) => BugTrigger.PostPrPassed,
            (BugState.E2eTesting, _, Phase.PostPrAudit) => BugTrigger.E2eFixed,
            (BugState.Auditing, RunState.Complete or RunState.JackedOut, _) => BugTrigger.AuditPassed,
            (BugState.Implementing, _, Phase.Review) => BugTrigger.Implemented,
            (BugState.Reviewing, _, Phase.Implement) => BugTrigger.ReviewFindings,
            (BugState.Reviewing, _, Phase.Audit) => BugTrigger.ReviewPassed,
            (BugState.Auditing, _, Phase.Implement) => BugTrigger.AuditFindings,
            _ => null,
        };
        if (trigger is { } t)
        {
            Fire(t);
        }

        _bug = _bug with
        {
            RunId = run.RunId,
            HaltReason = run.HaltReason ?? _bug.HaltReason,
            CycleCount = run.CycleCurrent,
            SameIssueCount = breaker.SameIssueCount,
            NoProgressCount = breaker.NoProgressCount,
            LastFindingHash = breaker.LastHash,
        };
        Save();
        BugStateFile.WriteBreaker(ctx.Paths, _bug.BugId, breaker);
    }

    private async Task<BugRecord> FinishAsync(RunSnapshot run, string start, string microSprint, CancellationToken ct)
    {
        // The engine committed the bug's review and audit feedback with its work, and its COMPLETED marker if it passed.
        // The fix is what the micro-sprint's run changed, counted as that run counts its files_changed (the triage before
        // it and ias's own a2a files are the bug run's paperwork), so the PR, the bug's state and the run's agree.
        var head = ctx.Git.HeadSha() ?? start;
        var own = A2aFolder.ForBug(_bug.ArtifactsDir);
        var fix = ctx.Git.ChangesOfLast(run.Commits, head).Where(l => !own.IsOwn(l.Path)).ToList();
        _bug = _bug with { Confidence = _bug.Confidence with { FilesChanged = fix.Count, LinesChanged = fix.Sum(l => l.Added + l.Deleted) } };
        Save();

        // Bug PRs are ALWAYS draft and never merged; a halted run's draft says INCOMPLETE.
        var outcome = PublishBug(start, _bug.State != BugState.Completed);
        if (run.State == RunState.Complete && _bug.State == BugState.Completed)
        {
            if ((outcome.PushError ?? outcome.PrError) is { } error)
            {
                Report($"bug {_bug.BugId} fixed, but its draft PR is not published ({error}); its run stays COMPLETE until `ias run-resume` publishes and validates it");
                return _bug;
            }

            Report($"bug {_bug.BugId}: draft PR {_bug.PrUrl ?? "(text in .run/pr.md)"} open; post-PR validation checks it (POST_PR_AUDIT, E2E_TESTING)");
            return Validated(await Engine(BugContext(), microSprint, start).ValidateAsync(outcome, ct));
        }

        Report(_bug.State == BugState.Completed
            ? $"bug {_bug.BugId} fixed in {run.CycleCurrent} cycle(s){(_bug.PrUrl is { } url ? $"; draft PR: {url}" : "")}"
            : $"bug {_bug.BugId} halted: {_bug.HaltReason ?? "halted"}; a halted bug run ends there: start a new one with `ias run --bug`");
        return _bug;
    }

    /// <summary>The end of the bug PR's post-PR validation, as the engine's run ended it: READY_FOR_HITL, or HALTED with an [INCOMPLETE] draft.</summary>
    private BugRecord Validated(RunSnapshot run)
    {
        Report(_bug.State == BugState.ReadyForHitl
            ? $"bug {_bug.BugId} fixed in {run.CycleCurrent} cycle(s) and its draft PR passed post-PR validation: ready for human review{(_bug.PrUrl is { } url ? $" at {url}" : "")}"
            : $"bug {_bug.BugId} halted in post-PR validation: {_bug.HaltReason ?? "halted"}; its draft is marked [INCOMPLETE] and a halted bug run ends there: finish the draft on branch {_bug.Branch} by hand, or start a new one with `ias run --bug`");
        return _bug;
    }

    /// <summary>The bug's draft PR (an [INCOMPLETE] one when <paramref name="incomplete"/>); its URL goes into the bug's state.</summary>
    private PublishOutcome PublishBug(string start, bool incomplete)
    {
        var outcome = new BugPublisher(ctx, _inputs, ConfirmPush, m => Report(m)).Publish(_bug, start, incomplete);
        _bug = _bug with { PrUrl = outcome.PrUrl ?? _bug.PrUrl };
        Save();
        return outcome;
    }

    private string MicroSprint(string description, TriageReport triage) =>
        $"""
        ## Sprint bug: {_bug.BugTitle}

        Bug {_bug.BugId} ({_bug.SprintId}): {description}

        Suspected files: {(triage.SuspectedFiles.Count == 0 ? "none named" : string.Join(", ", triage.SuspectedFiles))}
        Reproduction: {triage.ReproductionStrength}; test type: {triage.TestType}; risk: {_bug.Confidence.RiskLevel}

        {(triage.MicroSprint.Length > 0 ? triage.MicroSprint : "- Task 1: write a failing test that reproduces the bug\n- Task 2: fix it\n- Task 3: run the tests")}

        Test-first: write the test that fails because of the bug, then fix, then verify.
        """;

    private void WriteArtifact(string name, string text)
    {
        var dir = Path.Combine(ctx.WorkTree, _bug.ArtifactsDir);
        Directory.CreateDirectory(dir);
        // The artifacts are committed and pushed with the fix; triage.md holds the agent's final text.
        text = SecretRedactor.ForThisProcess().Redact(text);
        AtomicFile.Write(Path.Combine(dir, name), text.EndsWith('\n') ? text : text + "\n", OwnerOnly.OrdinaryMode);
    }

    private void HaltBug(string reason)
    {
        _bug = _bug with { HaltReason = reason };
        Fire(BugTrigger.Halt);
        Save();
    }

    private void Fire(BugTrigger trigger)
    {
        var from = _machine.State;
        _machine.Fire(trigger);
        Report($"bug {WireName.Of(from)} → {WireName.Of(_machine.State)} ({WireName.Of(trigger).ToLowerInvariant()})");
    }

    private void Save()
    {
        _bug = _bug with { UpdatedAt = Now };
        BugStateFile.Write(ctx.Paths, _bug);
    }

    private void Report(string message) =>
        ctx.Progress(string.Create(CultureInfo.InvariantCulture, $"{Now:HH:mm:ss} BUG        {message}"));
}
