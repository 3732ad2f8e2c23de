using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Control;

/// <summary>
/// The agent session a person drops into for one queue job: the job, the settings its agent ran on, and the session its
/// last attempt in this checkout recorded; <see cref="Find"/> refuses, in one line, a job that has none to open here.
/// </summary>
public sealed record JobSession(Job Job, AgentSettings Settings, string SessionId)
{
    /// <summary>The most of a job's result.json read: ias writes it, but it lies in the work tree an agent can write to.</summary>
    private const long ResultLimit = 1024 * 1024;

    /// <summary>
    /// The session of job <paramref name="id"/> of <paramref name="queue"/>, as <paramref name="config"/> names its agent; a
    /// <see cref="QueueException"/> says why there is none to open (no such job, running now, no session yet, run on another checkout).
    /// </summary>
    public static JobSession Find(JobQueue queue, string id, LoaConfig config)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(config);
        var job = queue.Find(id)
            ?? throw new QueueException($"run {queue.Run} has no job {id}: `ias status --run {queue.Run}` lists its jobs");
        if (job.State == JobState.Running)
        {
            throw new QueueException($"job {id} is running now{(job.LeaseOwner is { } on ? $" ({on})" : "")}: its runner holds its session; wait for the job to end, or `ias stop --run {queue.Run}` and drop in after");
        }

        if (job.Attempts == 0)
        {
            throw new QueueException($"job {id} has no agent session yet: it has not run; drop in once it has");
        }

        var (attempt, session) = Recorded(queue.Paths, id);
        if (queue.Shared && attempt != job.Attempts)
        {
            throw new QueueException($"job {id} ran its last attempt in another checkout of the shared queue, where its agent session lives: drop in there");
        }

        if (session is null)
        {
            throw new QueueException($"job {id} has no agent session yet: no attempt of it recorded one; use `ias drop-in --shell` for a shell in the work tree");
        }

        AgentSettings settings;
        try
        {
            settings = JobPreparation.SettingsFor(job, config);
        }
        catch (ConfigException)
        {
            throw new QueueException($"job {job.Id} ran on agent {job.Agent}, which this ias does not know; use `ias drop-in --shell`");
        }

        return new JobSession(job, settings, session);
    }

    /// <summary>The attempt and session id the job's result.json records here; (0, null) when there is none or it does not read.</summary>
    private static (int Attempt, string? Session) Recorded(QueuePaths paths, string id)
    {
        var read = AgentFile.Read(Path.Combine(paths.JobDir(id), "result.json"), ResultLimit, paths.RepoRoot);
        if (read.Bytes is null)
        {
            return (0, null);
        }

        try
        {
            using var doc = AgentJson.Parse(read.Bytes);
            var root = doc.RootElement;
            var attempt = root.TryGetProperty("attempt", out var a) && a.TryGetInt32(out var n) ? n : 0;
            var session = root.TryGetProperty("session_id", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            // The id becomes one argument of the agent's command line: only a plain token is taken.
            return (attempt, session is { Length: > 0 and <= 200 } && session.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':') ? session : null);
        }
        catch (JsonException)
        {
            return (0, null);
        }
    }
}
