using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Intake;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Sandbox;
using Ias.Core.Scaffold;
using Ias.Core.StateMachines;
using Ias.Core.Turns;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// One attempt at a claimed job: its agent turn with a lease renewed by heartbeats, then what the turn left recorded: the
/// job done (a writing job's commit, pushed with its draft PR on a shared queue, and its follow-ups), retried, failed or
/// blocked on a person's question, each told to the run's breaker. A writing job works in a worktree, never the checkout.
/// </summary>
internal sealed class JobAttemptRun(
    RunnerState state, LoaConfig config, TimeProvider clock, JobDecisions decisions, JobPreparation preparation, JobPublisher publisher, QueueGate gate)
{
    private readonly JobQueue _queue = state.Queue;

    public async Task RunAsync(Job job, CancellationToken ct)
    {
        try
        {
            await RunJobAsync(job, ct);
        }
        finally
        {
            // After a breach no git runs at all (see GiveUp), and the runner stops.
            if (state.Breach is null)
            {
                preparation.Release(job);
            }
        }
    }

    /// <summary>As the runner stops: the run's worktree given back when nothing is left in it (a checkout's own queue).</summary>
    public void Stopped()
    {
        if (state.Breach is null)
        {
            preparation.Release(null);
        }
    }

    private async Task RunJobAsync(Job job, CancellationToken ct)
    {
        // Every attempt after an answer is given it; the first also resumes the session that asked.
        var (answers, resume, deliver) = decisions.ForAttempt(job);
        state.Say($"job {job.Id} started ({job.Role}, attempt {job.Counted} of {_queue.Retry.MaxAttempts}){(deliver.Count > 0 ? $" with the answer to {string.Join(", ", deliver)}" : "")}");
        if (await preparation.PrepareAsync(job, answers + job.Prompt, ct) is not { } prepared
            || await RunTurnAsync(prepared, answers, resume, ct) is not var (result, lease))
        {
            return;
        }

        // Handed over once an agent has had them: a runner killed mid-turn hands them, and the session, again.
        if (deliver.Count > 0 && result.Response is not null)
        {
            decisions.Delivered(deliver);
        }

        if (result.Response is not { } response)
        {
            state.Reporter.Finish(job, result.Refusal!, _queue.Fail(job, FailureClass.ConfigError, result.Refusal!, null), null, prepared.JobDir);
            state.Judge(job, gate.Failed(FailureClass.ConfigError, result.Refusal!));
            return;
        }

        if (lease.Renew(new JobUsage(response.TokensIn, response.TokensOut, response.CostUsd)) is not { } current)
        {
            state.Say($"job {job.Id}: another claim took the lease; the result of this attempt is not recorded");
            return;
        }

        // A question ends the turn on purpose: the job waits for the person, whatever the turn's last words were. After a
        // breach nothing of the turn is trusted, its questions included.
        if (response.Failure != FailureClass.Breach && AskedPerson(prepared, current, response))
        {
            return;
        }

        if (result.Action != TurnAction.Done)
        {
            GiveUp(prepared, current, response);
            state.Judge(current, response.Failure == FailureClass.UsageLimit ? gate.UsageLimited(prepared.Settings.Agent.Name, response.UsageResetsAt) : gate.Failed(response.Failure, response.Detail));
            return;
        }

        Complete(prepared, current, response);
    }

    /// <summary>Runs the job's agent turn while its lease is kept; null when another claim took the lease and the agent was stopped.</summary>
    private async Task<(TurnResult Result, JobLease Lease)?> RunTurnAsync(PreparedJob prepared, string answers, string? resume, CancellationToken ct)
    {
        var job = prepared.Job;
        var review = prepared.Review is { } r ? PullRequestReview.Lead(r.Pr, r.MergeBase) : "";
        var prompt = answers + RepoScaffold.PromptLead(prepared.WorkTree) + review + job.Prompt + FollowUps.Instructions + "\n\n" + AskInstructions.Text;
        var role = Role.Parse(job.Role);
        var request = new AgentRequest(role, WireName.Of(role.PhaseOf()), job.Seq, _queue.Run, prompt, prepared.Settings, prepared.AttemptDir)
        {
            WriteAccess = job.Writes,
            // A job's home is its role name's and write access's in the queue: a writing job never shares one with a reading
            // job, and no job shares one with a run's reviewer or auditor, whatever role name it was given.
            Home = BoxHomes.ForQueueJob(job.Role, job.Writes),
            ResumeSessionId = resume,
            // Both in the turn's scratch folder, which the box lets every role write.
            Environment = new Dictionary<string, string> { [FollowUps.Variable] = prepared.FollowUpDir, [AskFile.Variable] = AskFile.ForJob(prepared.AttemptDir) },
        };
        using var agentCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lease = new JobLease(_queue, job, config.Queue.Lease, clock, agentCts);
        var started = clock.GetUtcNow();
        try
        {
            var result = await prepared.Turn.RunAsync(new TurnRequest(request) { GuardPushes = job.Writes, At = prepared.Review?.Commit }, e => OnEventAsync(job, lease, e), agentCts.Token);
            gate.Recorded(job, request, result.Response, started);
            return (result, lease);
        }
        catch (OperationCanceledException) when (lease.Lost && !ct.IsCancellationRequested)
        {
            state.Say($"job {job.Id}: another claim took the lease; this runner's attempt is abandoned");
            return null;
        }
        finally
        {
            await lease.StopAsync();
        }
    }

    private ValueTask OnEventAsync(Job job, JobLease lease, AgentEvent e)
    {
        if (e is SessionStarted s)
        {
            state.Say($"job {job.Id} agent session {s.SessionId}");
        }
        else if (e is TokensSoFar t)
        {
            lease.Used(new JobUsage(t.TokensIn, t.TokensOut, null));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the job's agent asked a person, which blocks the job, or the lease was lost as it did: either ends the attempt.</summary>
    private bool AskedPerson(PreparedJob prepared, Job current, AgentResponse response)
    {
        switch (decisions.Ask(current, prepared.AttemptDir, response.SessionId, why => state.Reporter.Refused(current, why, prepared.AttemptDir)))
        {
            case null:
                state.Say(JobReporter.NotRecorded(current));
                return true;
            case { Count: > 0 } asked:
                state.Reporter.Asked(current, asked, response, prepared.JobDir);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A turn that did not finish the job: the attempt is recorded failed, and the queue retries, parks or fails the job.</summary>
    private void GiveUp(PreparedJob prepared, Job current, AgentResponse response)
    {
        // A writing job that gives up leaves its half-done work in a WIP commit on its branch (as a halted run does), so the
        // next job's commit never carries it; a retry continues from the tree as it is.
        // After a breach no git runs that could fire a hook the agent planted: no WIP commit, and the runner stops.
        state.Breach = response.Failure == FailureClass.Breach ? response.Detail : null;
        var wip = prepared.Before is { } before && state.Breach is null && _queue.Retry.GivesUp(response.Failure, current.Counted)
            ? Evidence(prepared.Turn.Commit(before, SprintCommit.Wip($"job {current.Id} failed: {RetryPolicy.Wire(response.Failure)}")))
            : null;
        state.Reporter.Finish(current, response.Detail, _queue.Fail(current, response.Failure, response.Detail, response.UsageResetsAt, wip), response, prepared.JobDir);
    }

    /// <summary>A turn that finished the job: a writing job's commit (pushed, with its draft PR, on a shared queue), then the job done with its follow-ups.</summary>
    private void Complete(PreparedJob prepared, Job current, AgentResponse response)
    {
        var evidence = prepared.Before is { } before ? Evidence(prepared.Turn.Commit(before, JobText.CommitSubject(current, response.FinalText))) : JobEvidence.None;
        if (prepared.Review is { } review)
        {
            if (publisher.Comment(current, review, response.FinalText, prepared.JobDir, out var url) is { } unposted)
            {
                state.Reporter.Finish(current, unposted, _queue.Fail(current, FailureClass.Network, unposted, null), response, prepared.JobDir);
                state.Judge(current, gate.Failed(FailureClass.Network, unposted));
                return;
            }

            evidence = evidence with { PrUrl = url };
        }

        if (prepared.Branch is { } branch && evidence.Commits.Count > 0)
        {
            if (JobPublisher.Push(branch) is { } unpushed)
            {
                state.Reporter.Finish(current, unpushed, _queue.Fail(current, FailureClass.Network, unpushed, null), response, prepared.JobDir);
                state.Judge(current, gate.Failed(FailureClass.Network, unpushed));
                return;
            }

            evidence = publisher.DraftPr(current, branch, evidence, response.FinalText, prepared.JobDir);
        }

        var (followUps, refused) = FollowUps.Read(prepared.FollowUpDir, _queue.Paths.RepoRoot, _queue.Depth(current), FollowUpRules.For(current, config.Queue, _queue.FollowUpCount()));
        var recorded = _queue.Complete(current, evidence, JobText.OneLine(response.FinalText), followUps, out var queued);
        state.Say(recorded
            ? $"job {current.Id} done: {evidence.Commits.Count} commit(s), {evidence.ChangedFiles.Count} file(s)"
            : JobReporter.NotRecorded(current));
        if (queued.Count > 0)
        {
            state.Say($"job {current.Id} queued {queued.Count} follow-up job(s): {string.Join(", ", queued.Select(j => j.Id))}");
        }

        foreach (var line in recorded ? refused : [])
        {
            state.Say($"job {current.Id}: {line}");
        }

        state.Reporter.WriteResult(prepared.JobDir, current, response, evidence, recorded ? "done" : "lost");
        if (recorded)
        {
            state.Judge(current, gate.Done(progressed: !current.Writes || evidence.ChangedFiles.Count > 0));
        }
    }

    private static JobEvidence Evidence(TurnEvidence turn) => new(turn.Commits, turn.ChangedFiles, null);
}
