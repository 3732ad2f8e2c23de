using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using SQLitePCL;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// A job's object of `ias status --json` written straight from its SQLite row: each text as the UTF-8 SQLite holds it and
/// each time cut to the files' form without being parsed, so 10,000 jobs make no string and no <see cref="Job"/>. The same
/// bytes as <see cref="QueueJson"/>'s writer of a <see cref="Job"/> (a test holds the two equal on varied rows).
/// </summary>
internal static class SqliteJobJson
{
    // Positions in QueueRows.JobColumns.
    private const int Run = 0, Id = 1, Seq = 2, Role = 3, Prompt = 4, Agent = 5, Writes = 6, State = 7, Attempts = 8,
        NotBefore = 9, Created = 10, Started = 11, Ended = 12, Generation = 13, LeaseOwner = 14, LeaseExpires = 15,
        Heartbeat = 16, Reason = 17, Failure = 18, Evidence = 19, History = 20, TokensIn = 21, TokensOut = 22, CostUsd = 23, Pr = 24;

    private static readonly SearchValues<byte> TimeCharacters = SearchValues.Create("0123456789-:T."u8);

    public static void Write(Utf8JsonWriter w, sqlite3_stmt row, Func<string, JsonException, Exception> damaged)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, Bytes(row, Id));
        w.WriteString("run"u8, Bytes(row, Run));
        w.WriteNumber("seq"u8, raw.sqlite3_column_int64(row, Seq));
        w.WriteString("role"u8, Bytes(row, Role));
        Text(w, "agent"u8, row, Agent);
        w.WriteBoolean("writes"u8, raw.sqlite3_column_int64(row, Writes) != 0);
        if (!IsNull(row, Pr))
        {
            w.WriteString("pr"u8, Bytes(row, Pr));
        }

        w.WriteString("state"u8, Bytes(row, State));
        w.WriteNumber("attempts"u8, raw.sqlite3_column_int64(row, Attempts));
        Time(w, "not_before"u8, row, NotBefore);
        Time(w, "created"u8, row, Created);
        Time(w, "started"u8, row, Started);
        Time(w, "ended"u8, row, Ended);
        w.WriteNumber("generation"u8, raw.sqlite3_column_int64(row, Generation));
        if (IsNull(row, LeaseOwner))
        {
            w.WriteNull("lease"u8);
        }
        else
        {
            w.WriteStartObject("lease"u8);
            w.WriteString("owner"u8, Bytes(row, LeaseOwner));
            Time(w, "expires"u8, row, LeaseExpires);
            w.WriteEndObject();
        }

        Time(w, "heartbeat"u8, row, Heartbeat);
        Text(w, "reason"u8, row, Reason);
        Text(w, "failure"u8, row, Failure);
        QueueJson.Evidence(w, IsNull(row, Evidence) ? null : Column(row, Evidence, QueueColumnJson.Default.JobEvidence, "queue_jobs.evidence", damaged));
        QueueJson.Usage(w, new JobUsage(
            raw.sqlite3_column_int64(row, TokensIn),
            raw.sqlite3_column_int64(row, TokensOut),
            IsNull(row, CostUsd) ? null : decimal.Parse(Encoding.UTF8.GetString(Bytes(row, CostUsd)), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)));

        // Most of a backlog has no history yet: "[]" is written without a parser.
        var history = Bytes(row, History);
        QueueJson.History(w, history.SequenceEqual("[]"u8) ? [] : Column(row, History, QueueColumnJson.Default.IReadOnlyListJobAttempt, "queue_jobs.history", damaged));
        w.WriteString("prompt"u8, Bytes(row, Prompt));
        w.WriteEndObject();
    }

    private static bool IsNull(sqlite3_stmt row, int i) => raw.sqlite3_column_type(row, i) == raw.SQLITE_NULL;

    // The column's text as UTF-8, valid until the statement moves on (a blob read of a text column is its UTF-8 bytes).
    private static ReadOnlySpan<byte> Bytes(sqlite3_stmt row, int i) => raw.sqlite3_column_blob(row, i);

    private static void Text(Utf8JsonWriter w, ReadOnlySpan<byte> name, sqlite3_stmt row, int i)
    {
        if (IsNull(row, i))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, Bytes(row, i));
        }
    }

    /// <summary>
    /// A time as the database holds it (the fixed-width round-trip form, 2026-01-19T10:00:00.1230000Z) written as the files
    /// hold it (2026-01-19T10:00:00.123Z): the fraction's trailing zeros dropped, and the point with them when all are. Any
    /// other form is parsed and written as <see cref="QueueJson"/> writes a time.
    /// </summary>
    private static void Time(Utf8JsonWriter w, ReadOnlySpan<byte> name, sqlite3_stmt row, int i)
    {
        if (IsNull(row, i))
        {
            w.WriteNull(name);
            return;
        }

        var text = Bytes(row, i);
        if (text.Length != 28 || text[19] != (byte)'.' || text[27] != (byte)'Z' || text[..27].IndexOfAnyExcept(TimeCharacters) >= 0)
        {
            QueueJson.Time(w, name, IsoTime.ParseDb(Encoding.UTF8.GetString(text)));
            return;
        }

        // Digits, dashes, colons, a point and Z: nothing to escape, so the quoted text goes out as it is.
        var fraction = text[20..27].TrimEnd((byte)'0');
        Span<byte> time = stackalloc byte[30];
        time[0] = (byte)'"';
        text[..19].CopyTo(time[1..]);
        var length = 20;
        if (fraction.Length > 0)
        {
            time[length++] = (byte)'.';
            fraction.CopyTo(time[length..]);
            length += fraction.Length;
        }

        time[length++] = (byte)'Z';
        time[length++] = (byte)'"';
        w.WritePropertyName(name);
        w.WriteRawValue(time[..length], skipInputValidation: true);
    }

    private static T Column<T>(sqlite3_stmt row, int i, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> shape, string column, Func<string, JsonException, Exception> damaged)
    {
        try
        {
            return JsonSerializer.Deserialize(Bytes(row, i), shape) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw damaged(column, e);
        }
    }
}
