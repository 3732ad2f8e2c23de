using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// The runner folder's audit trail in git: each job's file in its state's folder, its last attempt's result.json, and the
/// run's config.json and state.json, committed to refs/ias/runs/RUN at the paths they have in the work tree, so
/// `git log -p refs/ias/runs/RUN` tells what the queue did. The ref is a history of its own: no branch holds it, so the
/// runner folder stays out of every job's and sprint's commits, and nothing of it is pushed unless a person pushes the ref.
/// </summary>
/// <remarks>
/// What is committed is what may be stored: secrets redacted by shape and by this process's secret values, and under
/// metadata_only a withheld marker in place of each text the data policy keeps back. Prompts' files, logs and the agent's
/// scratch folders are never committed.
/// </remarks>
public sealed class QueueAudit(JobQueue queue, GitCli git, DataPolicy policy, QueueConfig config)
{
    private readonly AuditRef _ref = new(git, RefName(queue.Paths.Run), queue.Paths.AuditState);
    private readonly SecretRedactor _redactor = SecretRedactor.ForThisProcess();
    private readonly string _folder = Path.GetRelativePath(queue.Paths.RepoRoot, queue.Paths.RunnerDir).Replace('\\', '/');

    /// <summary>The ref that holds run <paramref name="run"/>'s audit trail.</summary>
    public static string RefName(string run) => AuditRef.Namespace + run;

    /// <summary>Why the trail is not kept at all (a run name git cannot use in a ref), for the runner to say once; null when it is.</summary>
    public string? Off { get; } = AuditRef.NameProblem(git, RefName(queue.Paths.Run)) is { } name ? $"the queue's audit trail is not kept in git: {name}" : null;

    /// <summary>Null when the trail can be written on; otherwise who moved it and what to do, in one line.</summary>
    public string? Moved() => Off is null && _ref.Moved() is { } moved ? $"the queue's audit trail cannot be written on: {moved}" : null;

    /// <summary>Records <paramref name="job"/> as it stands after an attempt: its file in its state's folder (no other) and its result.</summary>
    public string? Job(Job job, string why)
    {
        ArgumentNullException.ThrowIfNull(job);
        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var state in Enum.GetValues<JobState>())
        {
            files[$"{_folder}/queue/{state.ToString().ToLowerInvariant()}/{job.Id}.json"] = state == job.State ? QueueJson.RenderJob(Stored(job)) : null;
        }

        files[$"{_folder}/jobs/{job.Id}/result.json"] = Result(job.Id);
        files[$"{_folder}/state.json"] = QueueJson.RenderState(Stored(queue.State), queue.Counts);
        return Record(files, $"{job.Id}: {job.State.Wire()} ({why})", replaceUnder: null);
    }

    /// <summary>Records the whole folder as the database holds it: every job's file and result, config.json and state.json.</summary>
    public string? All(string why)
    {
        var files = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [$"{_folder}/config.json"] = RunnerFileJson.Render(RunnerConfigFile.Of(queue.Run, config)),
            [$"{_folder}/state.json"] = QueueJson.RenderState(Stored(queue.State), queue.Counts),
        };
        foreach (var job in queue.Jobs)
        {
            files[$"{_folder}/queue/{job.State.ToString().ToLowerInvariant()}/{job.Id}.json"] = QueueJson.RenderJob(Stored(job));
            if (Result(job.Id) is { } result)
            {
                files[$"{_folder}/jobs/{job.Id}/result.json"] = result;
            }
        }

        return Record(files, $"run {queue.Run}: {why}", replaceUnder: _folder);
    }

    private string? Record(Dictionary<string, string?> files, string message, string? replaceUnder) =>
        Off is null ? _ref.Record(files, message, replaceUnder) : null;

    // A job as the trail may keep it: its prompt, summary and reasons redacted and, where the policy says so, withheld.
    private Job Stored(Job job) => job with
    {
        Prompt = Text("job.prompt", job.Prompt)!,
        Reason = Text(job.State == JobState.Done ? "job.summary" : "job.reason", job.Reason),
        History = [.. job.History.Select(a => a with { Reason = Text("job.reason", a.Reason) })],
    };

    private QueueRun Stored(QueueRun run) => run with { ParkedReason = Text("job.reason", run.ParkedReason) };

    // The job's last result.json as the trail may keep it; null when no attempt wrote one. The file is ias's own.
    private string? Result(string id)
    {
        var file = Path.Combine(queue.Paths.JobDir(id), "result.json");
        return File.Exists(file) && RunnerFileJson.ReadResult(File.ReadAllText(file)) is { } result
            ? RunnerFileJson.Render(result with { FinalText = Text("job.summary", result.FinalText), Detail = Text("job.reason", result.Detail) })
            : null;
    }

    private string? Text(string field, string? text) =>
        text is null || DataPolicy.Withheld(text) ? text : policy.Text(field, _redactor.Redact(text));
}
