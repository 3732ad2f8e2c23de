using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Jobs;

/// <summary>The JSON of the runner's files and of `ias status --json`: one shape for a job wherever it is read.</summary>
public static class QueueJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Read by people in a terminal, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject Job(Job j)
    {
        ArgumentNullException.ThrowIfNull(j);
        return new JsonObject
        {
            ["id"] = j.Id,
            ["run"] = j.Run,
            ["seq"] = j.Seq,
            ["role"] = j.Role,
            ["agent"] = j.Agent,
            ["writes"] = j.Writes,
            ["state"] = j.State.ToString().ToLowerInvariant(),
            ["attempts"] = j.Attempts,
            ["not_before"] = Time(j.NotBefore),
            ["created"] = Time(j.Created),
            ["started"] = Time(j.Started),
            ["ended"] = Time(j.Ended),
            ["generation"] = j.Generation,
            ["lease"] = j.LeaseOwner is null ? null : new JsonObject
            {
                ["owner"] = j.LeaseOwner,
                ["expires"] = Time(j.LeaseExpires),
            },
            ["heartbeat"] = Time(j.Heartbeat),
            ["reason"] = j.Reason,
            ["failure"] = j.Failure,
            ["evidence"] = j.Evidence is not { } e ? null : new JsonObject
            {
                ["commits"] = new JsonArray([.. e.Commits.Select(c => (JsonNode?)c)]),
                ["changed_files"] = new JsonArray([.. e.ChangedFiles.Select(f => (JsonNode?)f)]),
                ["pr_url"] = e.PrUrl,
            },
            ["history"] = new JsonArray([.. j.History.Select(h => (JsonNode?)new JsonObject
            {
                ["attempt"] = h.Attempt,
                ["started"] = Time(h.Started),
                ["ended"] = Time(h.Ended),
                ["outcome"] = h.Outcome,
                ["reason"] = h.Reason,
            })]),
            ["prompt"] = j.Prompt,
        };
    }

    /// <summary>runner/state.json: the runner's status and the queue's counts.</summary>
    public static JsonObject State(QueueRun run, IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(jobs);
        var counts = new JsonObject();
        foreach (var state in Enum.GetValues<JobState>())
        {
            counts[state.ToString().ToLowerInvariant()] = jobs.Count(j => j.State == state);
        }

        return new JsonObject
        {
            ["run"] = run.Name,
            ["created"] = Time(run.Created),
            ["initialized"] = Time(run.Initialized),
            ["status"] = run.RunnerStatus,
            ["owner"] = run.RunnerOwner,
            ["current_job"] = run.CurrentJob,
            ["stop_requested"] = run.StopRequested,
            ["parked_until"] = Time(run.ParkedUntil),
            ["parked_reason"] = run.ParkedReason,
            ["updated"] = Time(run.Updated),
            ["counts"] = counts,
        };
    }

    /// <summary>runner/config.json: the settings the runner works with (ias.queue and the lease).</summary>
    public static JsonObject Config(string run, QueueConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new JsonObject
        {
            ["run"] = run,
            ["retry"] = new JsonObject
            {
                ["max_attempts"] = config.MaxAttempts,
                ["backoff_seconds"] = config.BackoffBase.TotalSeconds,
                ["max_backoff_seconds"] = config.MaxBackoff.TotalSeconds,
            },
            ["lease_minutes"] = config.Lease.TotalMinutes,
        };
    }

    /// <summary>`ias status --json`: state.json's fields plus every job as its queue file holds it.</summary>
    public static JsonObject Status(QueueRun run, IReadOnlyList<Job> jobs, bool runnerAlive)
    {
        var node = State(run, jobs);
        node["runner_alive"] = runnerAlive;
        node["jobs"] = new JsonArray([.. jobs.Select(j => (JsonNode?)Job(j))]);
        return node;
    }

    public static string Render(JsonNode node) => node.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    private static string? Time(DateTimeOffset? t) => t is { } v ? IsoTime.ForFile(v) : null;
}
