[assembly: Ias.Core.Storage.SchemaPart(typeof(Ias.Core.Storage.StoreSchema))]

namespace Ias.Core.Storage;

/// <summary>The store's own tables: meta, a key-value table for whichever feature needs one setting, and the control channel.</summary>
internal sealed class StoreSchema : SchemaPart
{
    public override string Create => """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE control_requests (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        TEXT NOT NULL,
            kind      TEXT NOT NULL,
            reason    TEXT,
            force     INTEGER NOT NULL,
            reset_ice INTEGER NOT NULL,
            taken_at  TEXT,
            taken_by  TEXT,
            lane      TEXT
        );
        CREATE INDEX control_pending ON control_requests (taken_at, id);

        """;

    // Schema 8: each request names the lane whose engine takes it (null: `.run/`'s).
    public override string Upgrade(long version) => version == 7 ? "ALTER TABLE control_requests ADD COLUMN lane TEXT;\n" : "";
}
