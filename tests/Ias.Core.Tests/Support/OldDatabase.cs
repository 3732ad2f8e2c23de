using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Support;

/// <summary>An ias.db as an older ias left it: today's database holding <see cref="Samples.Run"/>, taken back by <c>downgrade</c>.</summary>
internal static class OldDatabase
{
    /// <summary>Writes the database at <paramref name="path"/> as schema 7 did, then runs <paramref name="downgrade"/> (SQL ending in its `PRAGMA user_version`) on it.</summary>
    public static void Write(string path, string downgrade)
    {
        using (var store = RunStore.Open(path))
        {
            new RunRecords(store).SaveRun(Samples.Run());
        }

        using var raw = new SqliteConnection($"Data Source={path};Pooling=False");
        raw.Open();
        using var cmd = raw.CreateCommand();
        cmd.CommandText = "DROP TABLE calls_in_flight; ALTER TABLE control_requests DROP COLUMN lane; " + downgrade;
        cmd.ExecuteNonQuery();
    }
}
