using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Jobs.Store;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// What a queue runner tells of its jobs: a progress line at each step, each attempt's result.json in its job's folder,
/// and the gates a person is told about (a question, a parked queue, a draft PR, the drained queue, the runner's stop),
/// kept in <paramref name="local"/>, the checkout's `.run/ias.db`, whichever store holds the queue.
/// </summary>
internal sealed class JobReporter(JobQueue queue, LoaConfig config, TimeProvider clock, RunStore local, Action<string> progress) : IAsyncDisposable
{
    private readonly Notifier _notifier = EventNotifier.Open(config, queue.Paths.RepoRoot, clock, new RunRecords(local));
    private readonly string _iceLog = IceLog.PathFor(new RunPaths(queue.Paths.RepoRoot));

    public void Progress(string line) => progress(line);

    public void Notify(NotificationKind kind, string summary, Job? job = null, string? reason = null, string? url = null) =>
        _notifier.Send(new Notification(kind, queue.Run, clock.GetUtcNow(), summary) { Job = job?.Id, Reason = reason, Url = url });

    /// <summary>The queue drained (every job done or failed) after a job of this runner: the person is told once.</summary>
    public void NotifyIfDrained()
    {
        var counts = queue.Counts;
        if (counts[JobState.Pending] + counts[JobState.Running] + counts[JobState.Blocked] == 0)
        {
            Notify(NotificationKind.Completed, $"queue run {queue.Run} drained: {counts[JobState.Done]} done, {counts[JobState.Failed]} failed");
        }
    }

    /// <summary>Runs the runner, telling the person when a fault (or an interrupt) stops it.</summary>
    public async Task<T> HaltingAsync<T>(Func<Task<T>> run, CancellationToken ct)
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

    /// <summary>
    /// A failed attempt as the queue decided it (null: a later claim took the job), and a parked queue told. The line says
    /// the cause (<paramref name="detail"/>) before the decision: "retrying cannot help" alone leaves a person to look it up.
    /// </summary>
    public void Finish(Job job, string detail, RetryDecision? decision, AgentResponse? response, string jobDir)
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
            : $"job {job.Id} {outcome}: {detail} — {decision.Why}");
        WriteResult(jobDir, job, response, null, outcome);
        if (decision?.Kind == RetryKind.Park)
        {
            Notify(NotificationKind.UsageLimit, $"queue run {queue.Run} parked until {decision.At.UtcDateTime:HH:mm} UTC by the agent's usage limit (job {job.Id})", job, decision.Why);
        }
    }

    /// <summary>The job's agent asked a person: each question is told, and the attempt's result says so.</summary>
    public void Asked(Job job, IReadOnlyList<Decision> asked, AgentResponse response, string jobDir)
    {
        foreach (var d in asked)
        {
            var question = JobText.OneLine(d.Question, 120);
            progress($"job {job.Id} blocked: its agent asks a person ({d.Id}): {question}; answer with `ias answer {d.Id} \"…\"`");
            Notify(NotificationKind.Decision, $"{queue.Run} job {job.Id} asks ({d.Id}): {question}; answer with `ias answer {d.Id} \"…\"`", job);
        }

        WriteResult(jobDir, job, response, null, JobAttempt.Asked);
    }

    /// <summary>A file of the agent's that was not read: one progress line, and a line in ice.log beside ICE's other refusals.</summary>
    public void Refused(Job job, string why, string attemptDir)
    {
        progress($"job {job.Id}: {why}");
        new IceLog(_iceLog, clock).Append(["read", job.Id], why, attemptDir);
    }

    public static string NotRecorded(Job job) => $"job {job.Id}: another claim took the lease before it finished; the result is not recorded";

    public void WriteResult(string jobDir, Job job, AgentResponse? response, JobEvidence? evidence, string outcome)
    {
        var result = new JobResult(
            job.Id,
            job.Attempts,
            outcome,
            response?.Success ?? outcome == "done",
            response is null ? null : RetryPolicy.Wire(response.Failure),
            response?.ExitCode,
            response?.Detail,
            response?.SessionId,
            response?.TokensIn,
            response?.TokensOut,
            response?.CostUsd,
            response?.FinalText,
            evidence);
        AtomicFile.Write(Path.Combine(jobDir, "result.json"), RunnerFileJson.Render(result));
    }

    /// <summary>Sends what the notifier still holds, waiting (briefly) for its hook.</summary>
    public ValueTask DisposeAsync() => _notifier.DisposeAsync();
}
