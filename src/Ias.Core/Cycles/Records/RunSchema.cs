using Ias.Core.Storage;

[assembly: SchemaPart(typeof(Ias.Core.Cycles.Records.RunSchema))]

namespace Ias.Core.Cycles.Records;

/// <summary>Run Mode's tables in ias.db: the runs, their phases, the findings of each verdict, every agent call and the event log.</summary>
internal sealed class RunSchema : SchemaPart
{
    public override string Create => string.Join("\n", Runs, Phases, Findings, AgentCalls, Events) + "\n";

    private const string Runs = """
        CREATE TABLE runs (
            run_id         TEXT PRIMARY KEY,
            target         TEXT NOT NULL,
            branch         TEXT NOT NULL,
            state          TEXT NOT NULL,
            phase          TEXT NOT NULL,
            started        TEXT NOT NULL,
            last_activity  TEXT NOT NULL,
            cycle_current  INTEGER NOT NULL,
            cycle_limit    INTEGER NOT NULL,
            cycle_history  TEXT NOT NULL,
            files_changed  INTEGER NOT NULL,
            commits        INTEGER NOT NULL,
            findings_fixed INTEGER NOT NULL,
            options        TEXT NOT NULL,
            halt_reason    TEXT,
            resume_phase   TEXT,
            tokens_in      INTEGER NOT NULL,
            tokens_out     INTEGER NOT NULL,
            cost_usd       TEXT NOT NULL,
            pushed         INTEGER NOT NULL DEFAULT 0,
            pr_created     INTEGER NOT NULL DEFAULT 0,
            pr_url         TEXT,
            red_team_code  TEXT,
            not_published  TEXT
        );
        """;

    private const string Phases = """
        CREATE TABLE phases (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id        TEXT NOT NULL,
            cycle         INTEGER NOT NULL,
            phase         TEXT NOT NULL,
            started       TEXT NOT NULL,
            ended         TEXT,
            outcome       TEXT,
            findings      INTEGER NOT NULL DEFAULT 0,
            files_changed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX phases_by_run ON phases (run_id, id);
        """;

    private const string Findings = """
        CREATE TABLE findings (
            run_id   TEXT NOT NULL,
            cycle    INTEGER NOT NULL,
            phase    TEXT NOT NULL,
            id       TEXT NOT NULL,
            severity TEXT NOT NULL,
            title    TEXT NOT NULL,
            file     TEXT,
            line     INTEGER,
            hash     TEXT NOT NULL
        );
        CREATE INDEX findings_by_step ON findings (run_id, cycle, phase);
        """;

    private const string AgentCalls = """
        CREATE TABLE agent_calls (
            run_id     TEXT NOT NULL,
            cycle      INTEGER NOT NULL,
            phase      TEXT NOT NULL,
            role       TEXT NOT NULL,
            agent      TEXT NOT NULL,
            session_id TEXT,
            started    TEXT NOT NULL,
            ended      TEXT NOT NULL,
            exit_code  INTEGER,
            outcome    TEXT NOT NULL,
            calls      INTEGER NOT NULL,
            tokens_in  INTEGER NOT NULL,
            tokens_out INTEGER NOT NULL,
            cost_usd   TEXT NOT NULL,
            job_dir    TEXT NOT NULL
        );
        CREATE INDEX agent_calls_by_run ON agent_calls (run_id);
        """;

    private const string Events = """
        CREATE TABLE events (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id  TEXT NOT NULL,
            at      TEXT NOT NULL,
            kind    TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE INDEX events_by_run ON events (run_id, id);
        """;

    // Schema 2: what completion did with the branch. Schema 4: the red-team gate's counter. Schema 6: why the work was not
    // published where it was meant to go.
    public override string Upgrade(long version) => version switch
    {
        1 => """
            ALTER TABLE runs ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE runs ADD COLUMN pr_created INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE runs ADD COLUMN pr_url TEXT;

            """,
        3 => """
            ALTER TABLE runs ADD COLUMN red_team_code TEXT;

            """,
        5 => """
            ALTER TABLE runs ADD COLUMN not_published TEXT;

            """,
        _ => "",
    };
}
