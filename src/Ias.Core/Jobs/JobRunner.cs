using System.Text.Json.Nodes;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles;
using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Core.Jobs;

/// <summary>
/// The hybrid runner of automated mode: claims one job at a time, runs its agent turn with a lease renewed by heartbeats
/// (so a dead runner's job is taken over), commits a writing job's changes on the current branch under ICE, and records the
/// result, the retry, or the question its agent asked a person. <paramref name="local"/> is the checkout's `.run/ias.db`, where
/// the notifications are kept whichever store holds the queue (the questions are kept with the queue).
/// </summary>
public sealed class JobRunner(JobQueue queue, IAgentInvoker invoker, LoaConfig config, GitCli git, TimeProvider clock, string owner, RunStore local, Action<string> progress)
    : IAsyncDisposable
{
    private readonly RunPaths _paths = new(queue.Paths.RepoRoot);

    // The queue's boxed agents work in it, job after job, so their build caches survive; made at the first boxed job.
    private Workspace? _workspace;

    private readonly JobDecisions _decisions = new(queue, config.DecisionTimeout, clock);

    // The gates a person is told about: a question, a parked queue, a draft PR, the drained queue, the runner's stop.
    private readonly Notifier _notifier = EventNotifier.Open(config, queue.Paths.RepoRoot, clock, new RunRecords(local));

    // Blocked jobs of this checkout waiting for a person at the last look: a runner told to stop when idle waits for them.
    private int _waiting;

    // Job files dropped into pending/, taken before each claim.
    private readonly JobDrops _drops = new(queue);
    private bool _dropsWarned;

    // The last job's breach, if its agent changed what it must not: the runner stops after that job.
    private string? _breach;

    // When this runner last wrote its own row of a shared queue while it waited for a job.
    private DateTimeOffset _reported;

    /// <summary>How often a running job's tokens are written while they grow: the queue's files and `ias status` follow them.</summary>
    public static TimeSpan UsageInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// What a runner that ran out of work says: on a shared queue "stopped", since a runner row idle past a lease reads as
    /// lost; on a checkout's own queue "idle", which a parked queue keeps as "parked" until its reset.
    /// </summary>
    private string Ended => queue.Shared ? RunnerStatus.Stopped : RunnerStatus.Idle;

    /// <summary>How often an idle runner looks for new jobs and for `ias stop`.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>`ias run-once`: claims and runs the next due job (an answered one first); null when none is due.</summary>
    public Task<Job?> RunOnceAsync(CancellationToken ct) => HaltingAsync(async () =>
    {
        var (job, checkout) = ClaimNext();
        if (job is null)
        {
            return null;
        }

        using (checkout)
        {
            await ExecuteAsync(job, ct);
        }

        queue.SetRunner(Ended, null, reporter: owner);
        NotifyIfDrained();
        return queue.Find(job.Id);
    }, ct);

    /// <summary>
    /// `ias run-loop`: runs jobs until `ias stop` (after the current job), or, with <paramref name="stopWhenIdle"/>, until no job
    /// is pending nor waits here for a person's answer; waits out backoffs and a parked queue. Returns the number of jobs run.
    /// </summary>
    public Task<int> RunLoopAsync(bool stopWhenIdle, CancellationToken ct) => HaltingAsync(() => LoopAsync(stopWhenIdle, ct), ct);

    private async Task<int> LoopAsync(bool stopWhenIdle, CancellationToken ct)
    {
        var ran = 0;
        var idleShown = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (queue.State.StopRequested)
            {
                // On a shared queue the request stays, so every runner of the team sees it.
                queue.SetRunner(RunnerStatus.Stopped, null, clearStop: !queue.Shared, reporter: owner);
                progress($"runner of {queue.Run} stopped on request after {ran} job(s)");
                Notify(NotificationKind.Halted, $"runner of {queue.Run} stopped on request (`ias stop`) after {ran} job(s)");
                return ran;
            }

            var (job, checkout) = ClaimNext();
            if (job is not null)
            {
                idleShown = false;
                using (checkout)
                {
                    await ExecuteAsync(job, ct);
                }

                ran++;
                _reported = default;
                if (_breach is { } breach)
                {
                    queue.SetRunner(RunnerStatus.Stopped, null, reporter: owner);
                    progress($"runner of {queue.Run} stopped: {breach}; when the repository is as it should be, start the runner again");
                    Notify(NotificationKind.Halted, $"runner of {queue.Run} stopped after job {job.Id}: {breach}", reason: breach);
                    return ran;
                }

                NotifyIfDrained();
                continue;
            }

            var now = clock.GetUtcNow();
            var firstDue = queue.FirstPendingDue;
            // A shared queue is idle only when no runner holds a job either: one that dies or hangs gives its job back when its
            // lease runs out. A job blocked here on a person's question is work still to do: the answer, or the timeout, ends the wait.
            if (stopWhenIdle && firstDue is null && _waiting == 0 && !(queue.Shared && queue.Counts[JobState.Running] > 0))
            {
                queue.SetRunner(Ended, null, reporter: owner);
                progress($"queue of {queue.Run} is empty: runner stopped after {ran} job(s)");
                return ran;
            }

            var run = queue.State;
            var parked = run.ParkedUntil > now;
            if (parked && !idleShown)
            {
                progress($"queue parked until {run.ParkedUntil:u}: {run.ParkedReason}");
            }

            // A shared queue's waiting runner writes its own row every third of a lease, or `ias status` takes it for lost.
            if (queue.Shared ? now - _reported >= config.Queue.Lease / 3 : !parked && (run.RunnerStatus is not RunnerStatus.Idle || run.RunnerOwner != owner))
            {
                queue.SetRunner(RunnerStatus.Idle, owner);
                _reported = now;
            }

            if (!idleShown && firstDue is { } next && run.ParkedUntil is null)
            {
                progress($"next job due at {next:u}");
            }

            if (!idleShown && _waiting > 0)
            {
                progress($"{_waiting} job(s) wait for a person's answer: `ias decisions` lists the questions, `ias answer ID \"…\"` answers one");
            }

            idleShown = true;
            var due = parked ? run.ParkedUntil!.Value : firstDue ?? now + PollInterval;
            var wait = Clamp(due - now, TimeSpan.Zero, PollInterval);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }
        }
    }

    /// <summary>
    /// Claims the next due job; a writing one only with the checkout taken for it, which the caller lets go when the job is
    /// recorded. Read-only jobs need no checkout: ias commits nothing for them and their agent is given no write access, so
    /// they may read while a sprint writes. A writing job whose checkout another writer holds is not claimed: the runner
    /// stops with who holds it, and the job stays pending.
    /// </summary>
    private (Job? Job, CheckoutLock? Checkout) ClaimNext()
    {
        if (!_dropsWarned && _drops.Warning is { } warning)
        {
            progress($"warning: {warning}");
        }

        _dropsWarned = true;
        foreach (var line in _drops.Take())
        {
            progress(line);
        }

        // A job whose questions are all answered goes first: it waited for the person, not for its turn.
        var (answered, waiting, timedOut) = _decisions.Look();
        _waiting = waiting;
        foreach (var (failed, why) in timedOut)
        {
            progress($"job {failed.Id} failed: {why}");
        }

        CheckoutLock? checkout = null;
        if ((answered ?? queue.Peek()) is { Writes: true } writer)
        {
            var now = clock.GetUtcNow();
            var me = new CheckoutWriter($"a queue runner of run {queue.Run} at job {writer.Id}", Environment.ProcessId, now, $"stop it with `ias stop --run {queue.Run}` or wait for the job");
            checkout = CheckoutLock.TryTake(_paths, me, out var holder);
            if (checkout is null)
            {
                queue.SetRunner(RunnerStatus.Stopped, null, reporter: owner);
                throw new QueueException($"{holder!.Describe(now)}; then start the runner again (job {writer.Id} stays pending)");
            }
        }

        var job = answered is not null ? queue.Resume(owner, answered.Id) : queue.Claim(owner, mayWrite: checkout is not null);
        if (job is not { Writes: true })
        {
            checkout?.Dispose();
            checkout = null;
        }

        return (job, checkout);
    }

    private async Task ExecuteAsync(Job job, CancellationToken ct)
    {
        // Every attempt after an answer is given it; the first also resumes the session that asked.
        var (answers, resume, deliver) = _decisions.ForAttempt(job);
        progress($"job {job.Id} started ({job.Role}, attempt {job.Counted} of {queue.Retry.MaxAttempts}){(deliver.Count > 0 ? $" with the answer to {string.Join(", ", deliver)}" : "")}");
        var jobDir = queue.Paths.JobDir(job.Id);
        var turn = new AgentTurn(invoker, git, IceLog.PathFor(_paths), clock, workspace: Workspace())
        {
            MaxPatchBytes = config.Sandbox.MaxPatchMb * 1024L * 1024,
        };
        if (await PrepareAsync(job, answers + job.Prompt, jobDir, turn, ct) is not var (settings, branch))
        {
            return;
        }

        var before = job.Writes ? git.Base() : null;
        var attemptDir = Path.Combine(jobDir, $"attempt-{job.Attempts}");
        // In the turn's scratch folder, which the box lets every role write.
        var followUpDir = Path.Combine(attemptDir, "box", "follow-up");
        OwnerOnly.CreateFolder(Path.Combine(attemptDir, "box"));
        OwnerOnly.CreateFolder(followUpDir);
        var held = job;
        // The job's usage before this attempt, and this turn's as its CLI reports it (written by the heartbeats' loop alone).
        var spent = job.Usage;
        var live = JobUsage.None;
        using var agentCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var beatCts = new CancellationTokenSource();
        var lost = false;
        var beats = HeartbeatsAsync();
        TurnResult result;
        try
        {
            var prompt = answers + job.Prompt + FollowUps.Instructions + "\n\n" + AskInstructions.Text;
            var request = new AgentRequest(job.Role, WireName.Of(PhaseOf(job.Role)), job.Seq, queue.Run, prompt, settings, attemptDir)
            {
                WriteAccess = job.Writes,
                ResumeSessionId = resume,
                // Both in the turn's scratch folder, which the box lets every role write.
                Environment = new Dictionary<string, string> { [FollowUps.Variable] = followUpDir, [AskFile.Variable] = AskFile.ForJob(attemptDir) },
            };
            result = await turn.RunAsync(new TurnRequest(request) { GuardPushes = job.Writes }, OnEventAsync, agentCts.Token);
        }
        catch (OperationCanceledException) when (lost && !ct.IsCancellationRequested)
        {
            progress($"job {job.Id}: another claim took the lease; this runner's attempt is abandoned");
            return;
        }
        finally
        {
            await beatCts.CancelAsync();
            await beats;
        }

        // Handed over once an agent has had them: a runner killed mid-turn hands them, and the session, again.
        if (deliver.Count > 0 && result.Response is not null)
        {
            _decisions.Delivered(deliver);
        }

        if (result.Response is not { } response)
        {
            Finish(job, queue.Fail(job, FailureClass.ConfigError, result.Refusal!, null), null, jobDir);
            return;
        }

        if (lost || queue.Heartbeat(held, spent + new JobUsage(response.TokensIn, response.TokensOut, response.CostUsd)) is not { } current)
        {
            progress($"job {job.Id}: another claim took the lease; the result of this attempt is not recorded");
            return;
        }

        // A question ends the turn on purpose: the job waits for the person, whatever the turn's last words were. After a
        // breach nothing of the turn is trusted, its questions included.
        if (response.Failure != FailureClass.Breach)
        {
            switch (_decisions.Ask(current, attemptDir, response.SessionId, why => Refused(job, why, attemptDir)))
            {
                case null:
                    progress(NotRecorded(job));
                    return;
                case { Count: > 0 } asked:
                    Asked(current, asked, response, jobDir);
                    return;
            }
        }

        if (result.Action != TurnAction.Done)
        {
            // A writing job that gives up leaves its half-done work in a WIP commit of its own (as a halted run
            // does), so the next job's commit never carries it; a retry continues from the tree as it is.
            // After a breach no git runs that could fire a hook the agent planted: no WIP commit, and the runner stops.
            _breach = response.Failure == FailureClass.Breach ? response.Detail : null;
            // On a shared queue the job's branch is made afresh by each attempt, and what a stopped one left is stashed instead.
            var wip = before is not null && branch is null && _breach is null && queue.Retry.GivesUp(response.Failure, current.Counted)
                ? Evidence(turn.Commit(before, SprintCommit.Wip($"job {job.Id} failed: {RetryPolicy.Wire(response.Failure)}")))
                : null;
            Finish(current, queue.Fail(current, response.Failure, response.Detail, response.UsageResetsAt, wip), response, jobDir);
            return;
        }

        var evidence = before is not null ? Evidence(turn.Commit(before, CommitMessage(job, response.FinalText))) : JobEvidence.None;
        if (branch is not null && evidence.Commits.Count > 0)
        {
            if (Push(branch) is { } unpushed)
            {
                Finish(current, queue.Fail(current, FailureClass.Network, unpushed, null), response, jobDir);
                return;
            }

            evidence = DraftPr(current, branch, evidence, response.FinalText, jobDir);
        }

        var (followUps, refused) = FollowUps.Read(followUpDir, queue.Paths.RepoRoot, queue.Depth(job), FollowUpRules.For(job, config.Queue, queue.FollowUpCount()));
        var recorded = queue.Complete(current, evidence, OneLine(response.FinalText), followUps, out var queued);
        progress(recorded
            ? $"job {job.Id} done: {evidence.Commits.Count} commit(s), {evidence.ChangedFiles.Count} file(s)"
            : NotRecorded(job));
        if (queued.Count > 0)
        {
            progress($"job {job.Id} queued {queued.Count} follow-up job(s): {string.Join(", ", queued.Select(j => j.Id))}");
        }

        foreach (var line in recorded ? refused : [])
        {
            progress($"job {job.Id}: {line}");
        }

        WriteResult(jobDir, current, response, evidence, recorded ? "done" : "lost");

        // Renews the lease every third of it, and writes the turn's tokens as they grow, at most every UsageInterval.
        async Task HeartbeatsAsync()
        {
            var every = config.Queue.Lease / 3;
            var tick = every < UsageInterval ? every : UsageInterval;
            var renewed = clock.GetUtcNow();
            try
            {
                while (true)
                {
                    await Task.Delay(tick, clock, beatCts.Token);
                    var usage = spent + Volatile.Read(ref live);
                    if (usage == held.Usage && clock.GetUtcNow() - renewed < every - (tick / 2))
                    {
                        continue;
                    }

                    renewed = clock.GetUtcNow();
                    if (queue.Heartbeat(held, usage) is { } current)
                    {
                        held = current;
                    }
                    else
                    {
                        lost = true;
                        await agentCts.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The agent finished; the lease stays until the job is recorded.
            }
            catch (QueueException)
            {
                // The queue is out of reach (a shared queue's server ended the connection), so the lease cannot be kept: the
                // agent stops at once rather than work on unleased, and the runner stops with the queue's message.
                await agentCts.CancelAsync();
                throw;
            }
        }

        ValueTask OnEventAsync(AgentEvent e)
        {
            if (e is SessionStarted s)
            {
                progress($"job {job.Id} agent session {s.SessionId}");
            }
            else if (e is TokensSoFar t)
            {
                Volatile.Write(ref live, new JobUsage(t.TokensIn, t.TokensOut, null));
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// The job's workspace, settings, CLI and branch before its turn (on a shared queue, a writing job's own branch); null
    /// when the job ended here (failed, or done by an earlier attempt).
    /// </summary>
    private async Task<(AgentSettings Settings, JobBranch? Branch)?> PrepareAsync(Job job, string prompt, string jobDir, AgentTurn turn, CancellationToken ct)
    {
        AgentSettings settings;
        try
        {
            settings = SettingsFor(job);
        }
        catch (ConfigException e)
        {
            await turn.PrepareAsync(jobDir, prompt, null, ct);
            Finish(job, queue.Fail(job, FailureClass.ConfigError, e.Message, null), null, jobDir);
            return null;
        }

        if (await turn.PrepareAsync(jobDir, prompt, settings, ct) is { } problem)
        {
            Finish(job, queue.Fail(job, FailureClass.ConfigError, problem, null), null, jobDir);
            return null;
        }

        if (!job.Writes)
        {
            return (settings, null);
        }

        if (queue.Shared)
        {
            return OwnBranch(job, jobDir) is { } own ? (settings, own) : null;
        }

        // Writing jobs work on the branch the user is on, never a protected one (ICE).
        var branch = git.CurrentBranch();
        if (branch is null || ProtectedBranches.IsProtected(branch))
        {
            var why = $"branch {branch ?? "(detached HEAD)"} is protected or detached: switch to a feature branch and run `ias retry-failed`";
            Finish(job, queue.Fail(job, FailureClass.ConfigError, why, null), null, jobDir);
            return null;
        }

        // The job's commit must hold only the agent's work: edits of the user's are refused, as Run Mode's pre-flight refuses
        // them, and never committed. An attempt after a retry, a park, a question or a stopped runner finds the half-done
        // work of its own earlier attempt there instead, and goes on from it (as a resumed implement phase does). The records
        // of questions asked here are ias's, and go with the next commit, as a run's do.
        if (!ContinuesEarlierWork(job) && git.Uncommitted(DecisionRecordFile.IsRecord) is { } dirty)
        {
            var why = $"{dirty}: commit or stash them first, so the job's commit holds only the agent's work";
            progress($"job {job.Id}: {why}");
            Finish(job, queue.Fail(job, FailureClass.ConfigError, why, null), null, jobDir);
            return null;
        }

        // An earlier attempt may have committed and lost its runner before it recorded the job done (kill -9 between
        // the two, as chaos tests do): that commit is the job's result, recorded now instead of doing the work twice.
        if (job.Attempts > 1 && EarlierCommit(job) is { } earlier)
        {
            var recorded = queue.Complete(job, earlier, $"committed by an earlier attempt ({earlier.Commits[^1][..7]}) before its runner stopped");
            progress(recorded ? $"job {job.Id} done: its commit {earlier.Commits[^1][..7]} from an earlier attempt is recorded, the agent is not run again" : NotRecorded(job));
            WriteResult(jobDir, job, null, earlier, recorded ? "done" : "lost");
            return null;
        }

        return (settings, null);
    }

    /// <summary>A shared queue's writing job on its own branch; null when the job ended here (its commit pushed by an earlier attempt, or git failed).</summary>
    private JobBranch? OwnBranch(Job job, string jobDir)
    {
        var branch = new JobBranch(git, job, CommitPrefix(job));
        (string Sha, string Parent)? earlier;
        try
        {
            earlier = branch.Start(progress);
        }
        catch (GitException e)
        {
            Finish(job, queue.Fail(job, FailureClass.Network, $"branch {branch.Name}: {e.Message}", null), null, jobDir);
            return null;
        }

        if (earlier is not { } commit)
        {
            return branch;
        }

        var evidence = DraftPr(job, branch, new JobEvidence([commit.Sha], [.. git.Changes(commit.Parent, commit.Sha).Select(c => c.Path)], null), null, jobDir);
        // A runner that stood still past its lease (a frozen process, a suspended machine) finds the commit of the runner
        // that took its job over: the generation check refuses it, and it says so.
        var recorded = queue.Complete(job, evidence, $"committed and pushed to {branch.Name} by an earlier attempt ({commit.Sha[..7]}) before its runner stopped");
        progress(recorded ? $"job {job.Id} done: its commit {commit.Sha[..7]} on {branch.Name} from an earlier attempt is recorded, the agent is not run again" : NotRecorded(job));
        WriteResult(jobDir, job, null, evidence, recorded ? "done" : "lost");
        return null;
    }

    /// <summary>
    /// The job's evidence with the URL of its branch's draft PR, opened (or updated) through gh as Run Mode's are, unless
    /// run_mode.git.create_draft_pr is false; the PR's text stays in the job's folder (pr.md) whatever gh does.
    /// </summary>
    private JobEvidence DraftPr(Job job, JobBranch branch, JobEvidence evidence, string? finalText, string jobDir)
    {
        var text = JobPullRequestText.For(job, branch.Name, evidence, finalText, config.DataPolicy, config.TestCommand);
        var prFile = Path.Combine(jobDir, "pr.md");
        var bodyFile = Path.Combine(jobDir, "pr-body.md");
        AtomicFile.Write(prFile, text.Markdown);
        AtomicFile.Write(bodyFile, text.Body);
        var kept = $"the work is on branch {branch.Name} and the PR text in {Path.GetRelativePath(queue.Paths.RepoRoot, prFile)}";
        if (!config.RunMode.CreateDraftPr)
        {
            return evidence;
        }

        var publisher = new Publisher(git, _paths, clock, line => progress($"job {job.Id}: {line}"), null, () => IceGh.Find(git.RepoRoot, Environment.GetEnvironmentVariable("PATH") ?? ""));
        var url = publisher.OpenDraft(branch.Name, job.Base!, text, bodyFile, kept).PrUrl;
        if (url is not null)
        {
            Notify(NotificationKind.PrOpened, $"{queue.Run} job {job.Id}: draft PR {url}", job, url: url);
        }

        return evidence with { PrUrl = url };
    }

    // A push the remote refuses (another runner's push of the same job came first) or cannot take now is a failed attempt.
    private string? Push(JobBranch branch)
    {
        try
        {
            branch.Push();
            return null;
        }
        catch (GitException e)
        {
            return $"push of {branch.Name} failed: {e.GitMessage.ReplaceLineEndings(" ").Trim()}";
        }
    }

    /// <summary>A file of the agent's that was not read: one progress line, and a line in ice.log beside ICE's other refusals.</summary>
    private void Refused(Job job, string why, string attemptDir)
    {
        progress($"job {job.Id}: {why}");
        new IceLog(IceLog.PathFor(_paths), clock).Append(["read", job.Id], why, attemptDir);
    }

    private static string NotRecorded(Job job) => $"job {job.Id}: another claim took the lease before it finished; the result is not recorded";

    /// <summary>Whether the job's last attempt ended where its agent may have left work in the tree (not a refusal before it ran, nor a failure whose work was committed).</summary>
    private static bool ContinuesEarlierWork(Job job) =>
        job.History.LastOrDefault()?.Outcome is "retry" or "parked" or JobAttempt.Asked or "recovered" or "lease_expired";

    /// <summary>The runner's private workspace, where its boxed agents work; none unsandboxed, where they work in the checkout.</summary>
    private Workspace? Workspace() =>
        invoker.Sandboxed ? _workspace ??= Sandbox.Workspace.For(git, $"queue-{queue.Run}", new AgentBox(BoxLayout.For(git, []))) : null;

    private static JobEvidence Evidence(TurnEvidence turn) => new(turn.Commits, turn.ChangedFiles, null);

    /// <summary>The job's own commit among the branch's newest, made by an earlier attempt; null when there is none.</summary>
    /// <remarks>Writing jobs run in order (JobQueue.Claim), so an unrecorded commit of this job is at or near HEAD.</remarks>
    private JobEvidence? EarlierCommit(Job job)
    {
        var log = git.Try("log", "-n", "20", "--format=%H%x09%s");
        var sha = log.Ok
            ? log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t', 2))
                .FirstOrDefault(l => l.Length == 2 && l[1].StartsWith(CommitPrefix(job), StringComparison.Ordinal))?[0]
            : null;
        if (sha is null)
        {
            return null;
        }

        var parent = git.Try("rev-parse", "--verify", "--quiet", sha + "^") is { Ok: true, Stdout: var p } ? p.Trim() : git.Run("hash-object", "-t", "tree", "/dev/null").Trim();
        return new JobEvidence([sha], [.. git.Changes(parent, sha).Select(c => c.Path)], null);
    }

    private void Finish(Job job, RetryDecision? decision, AgentResponse? response, string jobDir)
    {
        var outcome = decision?.Kind switch
        {
            RetryKind.Retry => "retry",
            RetryKind.Park => "parked",
            RetryKind.Fail => "failed",
            _ => "lost",
        };
        progress(decision is null
            ? $"job {job.Id}: another claim took the lease; the failure of this attempt is not recorded"
            : $"job {job.Id} {outcome}: {decision.Why}");
        WriteResult(jobDir, job, response, null, outcome);
        if (decision?.Kind == RetryKind.Park)
        {
            Notify(NotificationKind.UsageLimit, $"queue run {queue.Run} parked until {decision.At.UtcDateTime:HH:mm} UTC by the agent's usage limit (job {job.Id})", job, decision.Why);
        }
    }

    /// <summary>The job's agent asked a person: each question is told, and the attempt's result says so.</summary>
    private void Asked(Job job, IReadOnlyList<Decision> asked, AgentResponse response, string jobDir)
    {
        foreach (var d in asked)
        {
            var question = Truncate(OneLine(d.Question), 120);
            progress($"job {job.Id} blocked: its agent asks a person ({d.Id}): {question}; answer with `ias answer {d.Id} \"…\"`");
            Notify(NotificationKind.Decision, $"{queue.Run} job {job.Id} asks ({d.Id}): {question}; answer with `ias answer {d.Id} \"…\"`", job);
        }

        WriteResult(jobDir, job, response, null, JobAttempt.Asked);
    }

    /// <summary>The queue drained (every job done or failed) after a job of this runner: the person is told once.</summary>
    private void NotifyIfDrained()
    {
        var counts = queue.Counts;
        if (counts[JobState.Pending] + counts[JobState.Running] + counts[JobState.Blocked] == 0)
        {
            Notify(NotificationKind.Completed, $"queue run {queue.Run} drained: {counts[JobState.Done]} done, {counts[JobState.Failed]} failed");
        }
    }

    /// <summary>Runs the runner, telling the person when a fault (or an interrupt) stops it.</summary>
    private async Task<T> HaltingAsync<T>(Func<Task<T>> run, CancellationToken ct)
    {
        try
        {
            return await run();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Notify(NotificationKind.Halted, $"runner of {queue.Run} interrupted; its job goes back to the queue", reason: "interrupted");
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Notify(NotificationKind.Halted, $"runner of {queue.Run} stopped: {e.Message}", reason: e.Message);
            throw;
        }
    }

    private void Notify(NotificationKind kind, string summary, Job? job = null, string? reason = null, string? url = null) =>
        _notifier.Send(new Notification(kind, queue.Run, clock.GetUtcNow(), summary) { Job = job?.Id, Reason = reason, Url = url });

    private void WriteResult(string jobDir, Job job, AgentResponse? response, JobEvidence? evidence, string outcome)
    {
        var node = new JsonObject
        {
            ["job"] = job.Id,
            ["attempt"] = job.Attempts,
            ["outcome"] = outcome,
            ["success"] = response?.Success ?? outcome == "done",
            ["failure"] = response is null ? null : RetryPolicy.Wire(response.Failure),
            ["exit_code"] = response?.ExitCode,
            ["detail"] = response?.Detail,
            ["session_id"] = response?.SessionId,
            ["tokens_in"] = response?.TokensIn,
            ["tokens_out"] = response?.TokensOut,
            ["cost_usd"] = response?.CostUsd,
            ["final_text"] = response?.FinalText,
            ["evidence"] = evidence is null ? null : QueueJson.Job(job with { Evidence = evidence })["evidence"]?.DeepClone(),
        };
        AtomicFile.Write(Path.Combine(jobDir, "result.json"), QueueJson.Render(node));
    }

    /// <summary>The role's agent settings from .loa.config.yaml, switched to the job's --agent if it named one.</summary>
    private AgentSettings SettingsFor(Job job)
    {
        var agents = config.Agents;
        if (job.Agent is not null)
        {
            agents = AgentAdapters.Builtin.Find(job.Agent) is { } adapter
                ? agents.WithAgent(adapter.Kind, AgentAdapters.Builtin.Kinds)
                : throw new ConfigException($"unknown agent \"{job.Agent}\"; use {AgentAdapters.Builtin.Names}");
        }

        // Roles beyond the loop's three (orchestrator, ...) take the implementer's settings when they write, the reviewer's when they read.
        return job.Role switch
        {
            "implementer" or "reviewer" or "auditor" => agents.For(job.Role),
            _ => job.Writes ? agents.Implementer : agents.Reviewer,
        };
    }

    private static Phase PhaseOf(string role) => role switch
    {
        "implementer" => Phase.Implement,
        "auditor" => Phase.Audit,
        _ => Phase.Review,
    };

    private string CommitMessage(Job job, string finalText) => $"{CommitPrefix(job)}{Truncate(OneLine(finalText), 60)}";

    private string CommitPrefix(Job job) => $"feat({queue.Run}): job {job.Id} — ";

    private static string OneLine(string text) => InertText.Line(text).Trim() is { Length: > 0 } t ? Truncate(t, 200) : "(no final message)";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    /// <summary>Sends what the notifier still holds, waiting (briefly) for its hook.</summary>
    public async ValueTask DisposeAsync()
    {
        _drops.Dispose();
        await _notifier.DisposeAsync();
    }
}
