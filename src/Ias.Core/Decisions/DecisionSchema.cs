using Ias.Core.Storage;

[assembly: SchemaPart(typeof(Ias.Core.Decisions.DecisionSchema))]

namespace Ias.Core.Decisions;

/// <summary>The questions agents asked and the people's answers (see <see cref="DecisionStore"/>).</summary>
internal sealed class DecisionSchema : SchemaPart
{
    private const string Table = """
        CREATE TABLE decisions (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            run        TEXT NOT NULL,
            job        TEXT NOT NULL,
            phase      TEXT NOT NULL,
            cycle      INTEGER NOT NULL,
            role       TEXT NOT NULL,
            session_id TEXT,
            question   TEXT NOT NULL,
            asked      TEXT NOT NULL,
            answer     TEXT,
            answered   TEXT,
            delivered  TEXT
        );
        CREATE INDEX decisions_by_run ON decisions (run, seq);

        """;

    public override string Create => Table;

    // Schema 5: the decisions table. IF NOT EXISTS: a database put back to an older version by dropping only that version's
    // changes still has it.
    public override string Upgrade(long version) =>
        version == 4 ? Table.Replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS").Replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS") : "";
}
