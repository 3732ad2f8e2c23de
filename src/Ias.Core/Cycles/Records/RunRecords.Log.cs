using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;
using static Ias.Core.Storage.Columns;

namespace Ias.Core.Cycles.Records;

/// <summary>Each run's log: its phases from begin to end, the findings of each verdict, every agent call and the events.</summary>
public sealed partial class RunRecords
{
    /// <summary>Records that a phase started and returns its id for <see cref="EndPhase"/>.</summary>
    public long BeginPhase(string runId, int cycle, Phase phase, DateTimeOffset at) =>
        db.Query(
            "INSERT INTO phases (run_id, cycle, phase, started) VALUES ($run, $cycle, $phase, $at) RETURNING id;",
            r => r.GetInt64(0),
            ("$run", runId),
            ("$cycle", cycle),
            ("$phase", WireName.Of(phase)),
            ("$at", IsoTime.ForDb(at)))[0];

    public void EndPhase(long phaseId, StepOutcome outcome, int findings, int filesChanged, DateTimeOffset at)
    {
        var changed = db.Execute(
            "UPDATE phases SET ended = $at, outcome = $outcome, findings = $findings, files_changed = $files WHERE id = $id;",
            ("$at", IsoTime.ForDb(at)),
            ("$outcome", outcome.Wire),
            ("$findings", findings),
            ("$files", filesChanged),
            ("$id", phaseId));
        if (changed == 0)
        {
            throw new InvalidOperationException($"{db.FilePath}: no phase with id {phaseId} to end; pass the id BeginPhase returned");
        }
    }

    public IReadOnlyList<PhaseRecord> Phases(string runId) =>
        db.Query(
            "SELECT * FROM phases WHERE run_id = $run ORDER BY id;",
            r => new PhaseRecord(
                Id: r.GetInt64(r.GetOrdinal("id")),
                RunId: Text(r, "run_id"),
                Cycle: Int(r, "cycle"),
                Phase: Wire<Phase>(r, "phase"),
                Started: Time(r, "started"),
                Ended: NullableTime(r, "ended"),
                Outcome: NullableText(r, "outcome"),
                Findings: Int(r, "findings"),
                FilesChanged: Int(r, "files_changed")),
            ("$run", runId));

    /// <summary>Stores a verdict's findings with the hash the breaker's same-issue check compares.</summary>
    public void AddFindings(string runId, int cycle, Phase phase, string hash, IReadOnlyList<Finding> findings) => db.Transaction(() =>
    {
        foreach (var f in findings)
        {
            db.Execute(
                """
                INSERT INTO findings (run_id, cycle, phase, id, severity, title, file, line, hash)
                VALUES ($run, $cycle, $phase, $id, $severity, $title, $file, $line, $hash);
                """,
                ("$run", runId),
                ("$cycle", cycle),
                ("$phase", WireName.Of(phase)),
                ("$id", f.Id),
                ("$severity", f.Severity),
                ("$title", f.Title),
                ("$file", f.File),
                ("$line", f.Line),
                ("$hash", hash));
        }
    });

    public IReadOnlyList<Finding> Findings(string runId, int cycle, Phase phase) =>
        db.Query(
            "SELECT id, severity, title, file, line FROM findings WHERE run_id = $run AND cycle = $cycle AND phase = $phase ORDER BY rowid;",
            r => new Finding(
                Id: r.GetString(0),
                Severity: r.GetString(1),
                Title: r.GetString(2),
                File: r.IsDBNull(3) ? null : r.GetString(3),
                Line: r.IsDBNull(4) ? null : r.GetInt32(4)),
            ("$run", runId),
            ("$cycle", cycle),
            ("$phase", WireName.Of(phase)));

    public void AddAgentCall(AgentCallRecord call) => db.Execute(
        """
        INSERT INTO agent_calls (run_id, cycle, phase, role, agent, session_id, started, ended, exit_code, outcome,
                                 calls, tokens_in, tokens_out, cost_usd, job_dir)
        VALUES ($run, $cycle, $phase, $role, $agent, $session, $started, $ended, $exit, $outcome,
                $calls, $in, $out, $cost, $job);
        """,
        ("$run", call.RunId),
        ("$cycle", call.Cycle),
        ("$phase", WireName.Of(call.Phase)),
        ("$role", call.Role),
        ("$agent", call.Agent),
        ("$session", call.SessionId),
        ("$started", IsoTime.ForDb(call.Started)),
        ("$ended", IsoTime.ForDb(call.Ended)),
        ("$exit", call.ExitCode),
        ("$outcome", call.Outcome),
        ("$calls", call.Calls),
        ("$in", call.TokensIn),
        ("$out", call.TokensOut),
        ("$cost", Money(call.CostUsd)),
        ("$job", call.JobDir));

    public IReadOnlyList<AgentCallRecord> AgentCalls(string runId) =>
        db.Query("SELECT * FROM agent_calls WHERE run_id = $run ORDER BY rowid;", AgentCall, ("$run", runId));

    /// <summary>Every agent call of this repository, of any run or bug triage, that started at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<AgentCallRecord> AgentCallsSince(DateTimeOffset since) =>
        // The fixed-width timestamps sort as text in time order.
        db.Query("SELECT * FROM agent_calls WHERE started >= $since ORDER BY rowid;", AgentCall, ("$since", IsoTime.ForDb(since)));

    private static AgentCallRecord AgentCall(SqliteDataReader r) =>
        new(
                RunId: Text(r, "run_id"),
                Cycle: Int(r, "cycle"),
                Phase: Wire<Phase>(r, "phase"),
                Role: Text(r, "role"),
                Agent: Text(r, "agent"),
                SessionId: NullableText(r, "session_id"),
                Started: Time(r, "started"),
                Ended: Time(r, "ended"),
                ExitCode: r.IsDBNull(r.GetOrdinal("exit_code")) ? null : Int(r, "exit_code"),
                Outcome: Text(r, "outcome"),
                Calls: Int(r, "calls"),
                TokensIn: r.GetInt64(r.GetOrdinal("tokens_in")),
                TokensOut: r.GetInt64(r.GetOrdinal("tokens_out")),
                CostUsd: Money(r, "cost_usd"),
                JobDir: Text(r, "job_dir"));

    public void AddEvent(string runId, DateTimeOffset at, RunEventKind kind, string message) => AddEvent(runId, at, kind.Wire(), message);

    public void AddEvent(string runId, DateTimeOffset at, string kind, string message) => db.Execute(
        "INSERT INTO events (run_id, at, kind, message) VALUES ($run, $at, $kind, $message);",
        ("$run", runId),
        ("$at", IsoTime.ForDb(at)),
        ("$kind", kind),
        ("$message", message));

    /// <summary>Adds many events in one transaction with one prepared statement: agent output arrives by the thousand lines a second, and one commit per line would bound ingest (see IngestBenchmarks).</summary>
    public void AddEvents(string runId, IReadOnlyList<(DateTimeOffset At, string Kind, string Message)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        db.ExecuteEach(
            "INSERT INTO events (run_id, at, kind, message) VALUES ($run, $at, $kind, $message);",
            events,
            ("$run", _ => runId),
            ("$at", e => IsoTime.ForDb(e.At)),
            ("$kind", e => e.Kind),
            ("$message", e => e.Message));
    }

    /// <summary>When the run's last event was stored; null before its first.</summary>
    public DateTimeOffset? LastEventAt(string runId) =>
        db.Query(
            "SELECT at FROM events WHERE run_id = $run ORDER BY id DESC LIMIT 1;",
            r => IsoTime.ParseDb(r.GetString(0)),
            ("$run", runId)) is [var at] ? at : null;

    /// <summary>Events of one kind, of any run, with an id above <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<EventRecord> EventsOfKind(string kind, long afterId) =>
        db.Query(
            "SELECT id, run_id, at, kind, message FROM events WHERE kind = $kind AND id > $after ORDER BY id;",
            r => new EventRecord(r.GetInt64(0), r.GetString(1), IsoTime.ParseDb(r.GetString(2)), r.GetString(3), r.GetString(4)),
            ("$kind", kind),
            ("$after", afterId));

    /// <summary>The id of the newest event of any run; 0 when there is none.</summary>
    public long LastEventId() => db.Query("SELECT COALESCE(MAX(id), 0) FROM events;", r => r.GetInt64(0)) is [var id] ? id : 0;

    /// <summary>The run's events with an id above <paramref name="afterId"/>, oldest first; pass the last id seen to poll for new ones.</summary>
    public IReadOnlyList<EventRecord> Events(string runId, long afterId = 0) =>
        db.Query(
            "SELECT id, run_id, at, kind, message FROM events WHERE run_id = $run AND id > $after ORDER BY id;",
            r => new EventRecord(r.GetInt64(0), r.GetString(1), IsoTime.ParseDb(r.GetString(2)), r.GetString(3), r.GetString(4)),
            ("$run", runId),
            ("$after", afterId));
}
