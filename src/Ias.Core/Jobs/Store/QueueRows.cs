using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// The queue's rows as both stores name, fill and read them: the columns, each column's value off a job, and a row read
/// back into a run or a job. Only times differ between the two (text in SQLite, timestamptz in PostgreSQL), so each store
/// says how it writes and reads them.
/// </summary>
internal static class QueueRows
{
    public const string RunColumns =
        "name, created, initialized, runner_status, runner_owner, current_job, stop_requested, parked_until, parked_reason, updated, stops";

    /// <summary>A job's columns, in the order <see cref="Job(DbDataReader, Func{DbDataReader, int, DateTimeOffset?}, Func{string, JsonException, Exception})"/> reads them.</summary>
    /// <remarks>A constant, so the statements that name them are constants too, each compiled once per connection.</remarks>
    public const string JobColumns =
        "run, id, seq, role, prompt, agent, writes, state, attempts, not_before, created, started, ended, "
        + "generation, lease_owner, lease_expires, heartbeat, reason, failure, evidence, history, tokens_in, tokens_out, cost_usd, pr";

    public static readonly string[] JobFields = JobColumns.Split(", ");

    /// <summary>Each column's value off a job, in <see cref="JobFields"/>' order; a time is left a <see cref="DateTimeOffset"/> for the store to write.</summary>
    public static readonly Func<Job, object?>[] JobValues =
    [
        j => j.Run, j => j.Id, j => j.Seq, j => j.Role, j => j.Prompt, j => j.Agent, j => j.Writes, j => j.State.Wire(), j => j.Attempts,
        j => j.NotBefore, j => j.Created, j => j.Started, j => j.Ended, j => j.Generation, j => j.LeaseOwner, j => j.LeaseExpires,
        j => j.Heartbeat, j => j.Reason, j => j.Failure,
        j => j.Evidence is null ? null : JsonSerializer.Serialize(j.Evidence, QueueColumnJson.Default.JobEvidence),
        j => JsonSerializer.Serialize(j.History, QueueColumnJson.Default.IReadOnlyListJobAttempt),
        j => j.Usage.TokensIn, j => j.Usage.TokensOut, j => j.Usage.CostUsd, j => j.Pr,
    ];

    /// <summary>The parameters of every column, each spelled with <paramref name="prefix"/> ($ for SQLite, @ for PostgreSQL).</summary>
    public static string Params(char prefix) => string.Join(", ", JobFields.Select(f => prefix + f));

    /// <summary>column = parameter for every column but the key (run, id).</summary>
    public static string Assignments(char prefix) => string.Join(", ", JobFields.Skip(2).Select(f => $"{f} = {prefix}{f}"));

    public static QueueRun Run(DbDataReader r, Func<DbDataReader, int, DateTimeOffset?> time) => new(
        Name: r.GetString(0),
        Created: time(r, 1)!.Value,
        Initialized: time(r, 2),
        RunnerStatus: RunnerStatuses.Parse(r.GetString(3)),
        RunnerOwner: Text(r, 4),
        CurrentJob: Text(r, 5),
        StopRequested: r.GetBoolean(6),
        ParkedUntil: time(r, 7),
        ParkedReason: Text(r, 8),
        Updated: time(r, 9)!.Value)
    {
        Stops = r.GetInt64(10),
    };

    /// <summary>A job from its row; a JSON column that does not parse is turned into the store's own error by <paramref name="damaged"/>(column, error).</summary>
    public static Job Job(DbDataReader r, Func<DbDataReader, int, DateTimeOffset?> time, Func<string, JsonException, Exception> damaged) => new(
        Run: r.GetString(0),
        Id: r.GetString(1),
        Seq: r.GetInt32(2),
        Role: r.GetString(3),
        Prompt: r.GetString(4),
        Agent: Text(r, 5),
        Writes: r.GetBoolean(6),
        State: JobStates.Parse(r.GetString(7)),
        Attempts: r.GetInt32(8),
        NotBefore: time(r, 9)!.Value,
        Created: time(r, 10)!.Value,
        Started: time(r, 11),
        Ended: time(r, 12),
        Generation: r.GetInt64(13),
        LeaseOwner: Text(r, 14),
        LeaseExpires: time(r, 15),
        Heartbeat: time(r, 16),
        Reason: Text(r, 17),
        Failure: Text(r, 18),
        Evidence: Text(r, 19) is { } e ? Json(e, QueueColumnJson.Default.JobEvidence, "queue_jobs.evidence", damaged) : null,
        History: History(r.GetString(20), damaged))
    {
        Usage = new JobUsage(r.GetInt64(21), r.GetInt64(22), r.IsDBNull(23) ? null : r.GetDecimal(23)),
        Pr = Text(r, 24),
    };

    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // A job no runner has tried yet has an empty history: most of a backlog, read without a parser.
    private static IReadOnlyList<JobAttempt> History(string json, Func<string, JsonException, Exception> damaged) =>
        json == "[]" ? [] : Json(json, QueueColumnJson.Default.IReadOnlyListJobAttempt, "queue_jobs.history", damaged);

    private static T Json<T>(string json, JsonTypeInfo<T> shape, string column, Func<string, JsonException, Exception> damaged)
    {
        try
        {
            return JsonSerializer.Deserialize(json, shape) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw damaged(column, e);
        }
    }
}
