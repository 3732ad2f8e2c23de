using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;
using static Ias.Core.Storage.Columns;

namespace Ias.Core.Cycles.Records;

/// <summary>Run Mode's rows in ias.db (see <see cref="RunSchema"/>): the runs, which one is current, and each run's log.</summary>
/// <remarks>The current run is <paramref name="lane"/>'s (see <see cref="RunPaths.Lane"/>): `.run/`'s when it is null.</remarks>
public sealed partial class RunRecords(RunStore db, string? lane = null)
{
    private readonly string _currentRunKey = lane is null ? "current_run" : $"current_run@{lane}";

    /// <summary>Inserts or replaces the run by its id and makes it its lane's current run.</summary>
    public void SaveRun(RunSnapshot run) => db.Transaction(() =>
    {
        db.Execute(
            """
            INSERT INTO runs (run_id, target, branch, state, phase, started, last_activity, cycle_current, cycle_limit,
                              cycle_history, files_changed, commits, findings_fixed, options, halt_reason, resume_phase,
                              tokens_in, tokens_out, cost_usd, pushed, pr_created, pr_url, red_team_code, not_published)
            VALUES ($run_id, $target, $branch, $state, $phase, $started, $last_activity, $cycle_current, $cycle_limit,
                    $cycle_history, $files_changed, $commits, $findings_fixed, $options, $halt_reason, $resume_phase,
                    $tokens_in, $tokens_out, $cost_usd, $pushed, $pr_created, $pr_url, $red_team_code, $not_published)
            ON CONFLICT (run_id) DO UPDATE SET
                target = excluded.target, branch = excluded.branch, state = excluded.state, phase = excluded.phase,
                started = excluded.started, last_activity = excluded.last_activity,
                cycle_current = excluded.cycle_current, cycle_limit = excluded.cycle_limit,
                cycle_history = excluded.cycle_history, files_changed = excluded.files_changed,
                commits = excluded.commits, findings_fixed = excluded.findings_fixed, options = excluded.options,
                halt_reason = excluded.halt_reason, resume_phase = excluded.resume_phase,
                tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, cost_usd = excluded.cost_usd,
                pushed = excluded.pushed, pr_created = excluded.pr_created, pr_url = excluded.pr_url,
                red_team_code = excluded.red_team_code, not_published = excluded.not_published;
            """,
            ("$run_id", run.RunId),
            ("$target", run.Target),
            ("$branch", run.Branch),
            ("$state", WireName.Of(run.State)),
            ("$phase", WireName.Of(run.Phase)),
            ("$started", IsoTime.ForDb(run.Started)),
            ("$last_activity", IsoTime.ForDb(run.LastActivity)),
            ("$cycle_current", run.CycleCurrent),
            ("$cycle_limit", run.CycleLimit),
            ("$cycle_history", JsonText.RenderCompact(w => StateJson.WriteHistory(w, run.CycleHistory))),
            ("$files_changed", run.FilesChanged),
            ("$commits", run.Commits),
            ("$findings_fixed", run.FindingsFixed),
            ("$options", JsonText.RenderCompact(w => StateJson.WriteOptions(w, run.Options))),
            ("$halt_reason", run.HaltReason),
            ("$resume_phase", run.ResumePhase is { } p ? WireName.Of(p) : null),
            ("$tokens_in", run.TokensIn),
            ("$tokens_out", run.TokensOut),
            ("$cost_usd", Money(run.CostUsd)),
            ("$pushed", run.Pushed ? 1 : 0),
            ("$pr_created", run.PrCreated ? 1 : 0),
            ("$pr_url", run.PrUrl),
            ("$red_team_code", run.RedTeamCode is { } rt ? JsonText.RenderCompact(rt.Write) : null),
            ("$not_published", run.NotPublished));
        db.Execute(
            "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
            ("$key", _currentRunKey),
            ("$value", run.RunId));
    });

    /// <summary>The run last passed to <see cref="SaveRun"/> (the one started or resumed most recently), or null before any.</summary>
    public RunSnapshot? CurrentRun() => db.Locked(() => CurrentRunId() is { } id ? GetRun(id) : null);

    /// <summary>The id of <see cref="CurrentRun"/>, or null before any run.</summary>
    public string? CurrentRunId() =>
        db.Query("SELECT value FROM meta WHERE key = $key;", r => r.GetString(0), ("$key", _currentRunKey)).FirstOrDefault();

    /// <summary>Every run recorded, the latest active first: sprints, each sprint of a plan and bug runs alike.</summary>
    public IReadOnlyList<RunSnapshot> Runs() =>
        db.Query("SELECT * FROM runs ORDER BY last_activity DESC, run_id;", ReadRun);

    /// <summary>The runs active at or after <paramref name="since"/>, and the current run whenever it was, the latest active first.</summary>
    public IReadOnlyList<RunSnapshot> RunsSince(DateTimeOffset since) =>
        db.Query(
            "SELECT * FROM runs WHERE last_activity >= $since OR run_id = (SELECT value FROM meta WHERE key = $key) ORDER BY last_activity DESC, run_id;",
            ReadRun,
            ("$since", IsoTime.ForDb(since)),
            ("$key", _currentRunKey));

    public RunSnapshot? GetRun(string runId) =>
        db.Query("SELECT * FROM runs WHERE run_id = $id;", ReadRun, ("$id", runId)).FirstOrDefault();

    private RunSnapshot ReadRun(SqliteDataReader r)
    {
        var id = Text(r, "run_id");
        return new RunSnapshot(
            RunId: id,
            Target: Text(r, "target"),
            Branch: Text(r, "branch"),
            State: Wire<RunState>(r, "state"),
            Phase: Wire<Phase>(r, "phase"),
            Started: Time(r, "started"),
            LastActivity: Time(r, "last_activity"),
            CycleCurrent: Int(r, "cycle_current"),
            CycleLimit: Int(r, "cycle_limit"),
            CycleHistory: db.ReadJson(Text(r, "cycle_history"), $"cycle history of run {id}", e => StateJson.ReadHistory(FieldReader.Items(e, "history"))),
            FilesChanged: Int(r, "files_changed"),
            Commits: Int(r, "commits"),
            FindingsFixed: Int(r, "findings_fixed"),
            Options: db.ReadJson(Text(r, "options"), $"options of run {id}", e => StateJson.ReadOptions(FieldReader.Root(e))),
            HaltReason: NullableText(r, "halt_reason"),
            ResumePhase: NullableText(r, "resume_phase") is { } p ? WireName.Parse<Phase>(p) : null,
            TokensIn: r.GetInt64(r.GetOrdinal("tokens_in")),
            TokensOut: r.GetInt64(r.GetOrdinal("tokens_out")),
            CostUsd: Money(r, "cost_usd"),
            Pushed: Int(r, "pushed") != 0,
            PrCreated: Int(r, "pr_created") != 0,
            PrUrl: NullableText(r, "pr_url"),
            RedTeamCode: NullableText(r, "red_team_code") is { } rt
                ? db.ReadJson(rt, $"red_team_code of run {id}", e => RedTeamCodeState.Read(FieldReader.Root(e)))
                : null,
            NotPublished: NullableText(r, "not_published"));
    }
}
