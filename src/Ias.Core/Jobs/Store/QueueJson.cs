using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Store;

/// <summary>The JSON of the runner's files and of `ias status --json`: one shape for a job wherever it is read.</summary>
public static class QueueJson
{
    /// <summary>A job's queue file, as text.</summary>
    public static string RenderJob(Job j) => JsonText.Render(w => WriteJob(w, j));

    /// <summary>A job's queue file, as a node (for callers that take one part of it).</summary>
    public static JsonObject Job(Job j) => JsonNode.Parse(RenderJob(j))!.AsObject();

    /// <summary>runner/state.json: the runner's status and the queue's counts.</summary>
    public static string RenderState(QueueRun run, IReadOnlyDictionary<JobState, int> counts) => JsonText.Render(w =>
    {
        w.WriteStartObject();
        WriteStateFields(w, run, counts);
        w.WriteEndObject();
    });

    /// <summary>
    /// `ias status --json`: state.json's fields plus every job as its queue file holds it, written straight to
    /// <paramref name="output"/> as it goes, so 100,000 jobs never stand in memory as one document.
    /// </summary>
    public static void WriteStatus(
        Stream output, QueueRun run, IReadOnlyDictionary<JobState, int> counts, IEnumerable<Job> jobs, bool runnerAlive, IReadOnlyList<RunnerRow>? runners = null,
        IReadOnlyCollection<string>? unserved = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        WriteStatus(output, run, counts, w => WriteJobs(w, jobs), runnerAlive, runners, unserved);
    }

    /// <summary>Jobs into the status's "jobs" array from their objects, the writer emptied as it fills.</summary>
    internal static void WriteJobs(Utf8JsonWriter w, IEnumerable<Job> jobs)
    {
        foreach (var job in jobs)
        {
            WriteJob(w, job);
            Written(w);
        }
    }

    /// <summary>
    /// The same, with the jobs written into the "jobs" array by <paramref name="jobs"/> (a store may write them straight from its
    /// rows: see <see cref="IQueueStore.WriteJobs"/>), which calls <see cref="Written"/> after each.
    /// </summary>
    /// <remarks>
    /// <paramref name="unserved"/> names the agents of pending jobs that no live runner has (`agents_without_runner`): those jobs
    /// wait for a runner that can start them. <paramref name="safety"/> writes the run's breaker and rate window, which the
    /// checkout keeps, before the jobs.
    /// </remarks>
    public static void WriteStatus(
        Stream output, QueueRun run, IReadOnlyDictionary<JobState, int> counts, Action<Utf8JsonWriter> jobs, bool runnerAlive, IReadOnlyList<RunnerRow>? runners = null,
        IReadOnlyCollection<string>? unserved = null, Action<Utf8JsonWriter>? safety = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        using var w = new Utf8JsonWriter(output, JsonText.Indented);
        w.WriteStartObject();
        WriteStateFields(w, run, counts);
        w.WriteBoolean("runner_alive"u8, runnerAlive);
        if (runners is not null)
        {
            // A shared queue's runners, each as it last reported: who (pid, host, checkout), what it does, since when.
            JsonText.WriteObjects(w, "runners"u8, runners, static (w, r) =>
            {
                w.WriteString("owner"u8, r.Owner);
                w.WriteString("status"u8, r.Status.Wire());
                Text(w, "current_job"u8, r.CurrentJob);
                Time(w, "updated"u8, r.Updated);
                // The agents it can start, so it claims only their jobs; null for a runner that recorded none.
                if (r.Agents is { } agents)
                {
                    JsonText.WriteStrings(w, "agents"u8, agents.Names);
                }
                else
                {
                    w.WriteNull("agents"u8);
                }
            });
        }

        if (unserved is not null)
        {
            JsonText.WriteStrings(w, "agents_without_runner"u8, unserved);
        }

        safety?.Invoke(w);
        w.WriteStartArray("jobs"u8);
        jobs(w);

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        output.Write("\n"u8);
    }

    /// <summary>After each job of a long list: what the writer holds goes out once it passes 64 KiB, so memory stays flat.</summary>
    public static void Written(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.BytesPending > 1 << 16)
        {
            w.Flush();
        }
    }

    internal static void WriteJob(Utf8JsonWriter w, Job j)
    {
        ArgumentNullException.ThrowIfNull(j);
        w.WriteStartObject();
        w.WriteString("id"u8, j.Id);
        w.WriteString("run"u8, j.Run);
        w.WriteNumber("seq"u8, j.Seq);
        w.WriteString("role"u8, j.Role);
        Text(w, "agent"u8, j.Agent);
        w.WriteBoolean("writes"u8, j.Writes);
        if (j.Pr is { } pr)
        {
            w.WriteString("pr"u8, pr);
        }

        w.WriteString("state"u8, j.State.Wire());
        w.WriteNumber("attempts"u8, j.Attempts);
        Time(w, "not_before"u8, j.NotBefore);
        Time(w, "created"u8, j.Created);
        Time(w, "started"u8, j.Started);
        Time(w, "ended"u8, j.Ended);
        w.WriteNumber("generation"u8, j.Generation);
        if (j.LeaseOwner is null)
        {
            w.WriteNull("lease"u8);
        }
        else
        {
            w.WriteStartObject("lease"u8);
            w.WriteString("owner"u8, j.LeaseOwner);
            Time(w, "expires"u8, j.LeaseExpires);
            w.WriteEndObject();
        }

        Time(w, "heartbeat"u8, j.Heartbeat);
        Text(w, "reason"u8, j.Reason);
        Text(w, "failure"u8, j.Failure);
        Evidence(w, j.Evidence);
        Usage(w, j.Usage);
        History(w, j.History);
        w.WriteString("prompt"u8, j.Prompt);
        w.WriteEndObject();
    }

    internal static void Evidence(Utf8JsonWriter w, JobEvidence? evidence)
    {
        if (evidence is not { } e)
        {
            w.WriteNull("evidence"u8);
            return;
        }

        w.WriteStartObject("evidence"u8);
        JsonText.WriteStrings(w, "commits"u8, e.Commits);
        JsonText.WriteStrings(w, "changed_files"u8, e.ChangedFiles);
        Text(w, "pr_url"u8, e.PrUrl);
        w.WriteEndObject();
    }

    internal static void Usage(Utf8JsonWriter w, JobUsage usage)
    {
        w.WriteStartObject("usage"u8);
        w.WriteNumber("tokens_in"u8, usage.TokensIn);
        w.WriteNumber("tokens_out"u8, usage.TokensOut);
        if (usage.CostUsd is { } cost)
        {
            w.WriteNumber("cost_usd"u8, cost);
        }
        else
        {
            w.WriteNull("cost_usd"u8);
        }

        w.WriteEndObject();
    }

    internal static void History(Utf8JsonWriter w, IReadOnlyList<JobAttempt> history) =>
        JsonText.WriteObjects(w, "history"u8, history, static (w, h) =>
        {
            w.WriteNumber("attempt"u8, h.Attempt);
            Time(w, "started"u8, h.Started);
            Time(w, "ended"u8, h.Ended);
            w.WriteString("outcome"u8, h.Outcome);
            Text(w, "reason"u8, h.Reason);
        });

    private static void WriteStateFields(Utf8JsonWriter w, QueueRun run, IReadOnlyDictionary<JobState, int> counts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(counts);
        w.WriteString("run"u8, run.Name);
        Time(w, "created"u8, run.Created);
        Time(w, "initialized"u8, run.Initialized);
        w.WriteString("status"u8, run.RunnerStatus.Wire());
        Text(w, "owner"u8, run.RunnerOwner);
        Text(w, "current_job"u8, run.CurrentJob);
        w.WriteBoolean("stop_requested"u8, run.StopRequested);
        Time(w, "parked_until"u8, run.ParkedUntil);
        Text(w, "parked_reason"u8, run.ParkedReason);
        Time(w, "updated"u8, run.Updated);
        w.WriteStartObject("counts"u8);
        foreach (var state in Enum.GetValues<JobState>())
        {
            w.WriteNumber(state.Wire(), counts.GetValueOrDefault(state));
        }

        w.WriteEndObject();
    }

    internal static void Time(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTimeOffset? t)
    {
        if (t is { } v)
        {
            // The writer's own form of a UTC time is IsoTime.ForFile's (the round-trip form less the fraction's trailing
            // zeros), made without a string between: `ias status --json` writes a dozen per job.
            w.WriteString(name, v.UtcDateTime);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? text)
    {
        if (text is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, text);
        }
    }
}
