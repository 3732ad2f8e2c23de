using Ias.Core.StateMachines;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

public sealed partial class RunStore
{
    /// <summary>Queues a halt or resume for the engine of <paramref name="lane"/> (null: `.run/`'s); returns the request's id.</summary>
    public long RequestControl(ControlKind kind, DateTimeOffset at, string? reason = null, bool force = false, bool resetIce = false, string? lane = null) =>
        Query(
            "INSERT INTO control_requests (at, kind, reason, force, reset_ice, lane) VALUES ($at, $kind, $reason, $force, $reset, $lane) RETURNING id;",
            r => r.GetInt64(0),
            ("$at", IsoTime.ForDb(at)),
            ("$kind", WireName.Of(kind)),
            ("$reason", reason),
            ("$force", force),
            ("$reset", resetIce),
            ("$lane", lane))[0];

    /// <summary>Marks <paramref name="lane"/>'s oldest untaken request as taken by <paramref name="takenBy"/> and returns it; each is handed out once.</summary>
    public ControlRequest? TakeControl(string takenBy, DateTimeOffset at, string? lane = null)
    {
        ControlRequest? taken = null;
        // The write lock is taken at BEGIN (IMMEDIATE), so two takers cannot both see the same row as untaken.
        Transaction(() => taken = Query(
            """
            UPDATE control_requests SET taken_at = $at, taken_by = $by
            WHERE id = (SELECT id FROM control_requests WHERE taken_at IS NULL AND lane IS $lane ORDER BY id LIMIT 1)
            RETURNING id, kind, at, reason, force, reset_ice;
            """,
            ReadControl,
            ("$at", IsoTime.ForDb(at)),
            ("$by", takenBy),
            ("$lane", lane)).FirstOrDefault());
        return taken;
    }

    public IReadOnlyList<ControlRequest> PendingControls(string? lane = null) =>
        Query("SELECT id, kind, at, reason, force, reset_ice FROM control_requests WHERE taken_at IS NULL AND lane IS $lane ORDER BY id;", ReadControl, ("$lane", lane));

    private static ControlRequest ReadControl(SqliteDataReader r) => new(
        Id: r.GetInt64(0),
        Kind: WireName.Parse<ControlKind>(r.GetString(1)),
        At: IsoTime.ParseDb(r.GetString(2)),
        Reason: r.IsDBNull(3) ? null : r.GetString(3),
        Force: r.GetBoolean(4),
        ResetIce: r.GetBoolean(5));
}
