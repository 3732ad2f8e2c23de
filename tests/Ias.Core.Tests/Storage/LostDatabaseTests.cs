using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Storage;

/// <summary>A database taken away from under an open store (deleted, moved, replaced) is noticed and put back whole.</summary>
public sealed class LostDatabaseTests
{
    [Fact]
    public void A_store_whose_file_is_in_place_has_lost_nothing()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine(".run", "ias.db"));

        Assert.False(store.FileLost());
    }

    [Fact]
    public void A_deleted_run_dir_is_noticed_and_rebuilt_with_every_row_the_open_file_held()
    {
        using var dir = new TempDir();
        var db = dir.Combine(".run", "ias.db");
        using var store = RunStore.Open(db);
        var runs = new RunRecords(store);
        runs.SaveRun(Samples.Run());
        runs.AddEvent("run-20260119-abc123", Samples.Start, "transition", "before the loss");

        Directory.Delete(dir.Combine(".run"), recursive: true);
        runs.AddEvent("run-20260119-abc123", Samples.Start, "phase", "written to the lost file");

        Assert.True(store.FileLost());
        Assert.True(store.RebuildFromOpenFile());
        Assert.False(store.FileLost());
        runs.AddEvent("run-20260119-abc123", Samples.Start, "recover", "after the rebuild");

        using var reader = RunStore.Open(db);
        var again = new RunRecords(reader);
        Samples.AssertSame(Samples.Run(), again.CurrentRun());
        Assert.Equal(["before the loss", "written to the lost file", "after the rebuild"], again.Events("run-20260119-abc123").Select(e => e.Message));
    }

    [Fact]
    public void A_database_replaced_by_another_file_is_noticed_and_the_open_one_put_back()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using var store = RunStore.Open(db);
        new RunRecords(store).SaveRun(Samples.Run());

        File.Delete(db);
        File.WriteAllText(db, "not a database, written by someone else");

        Assert.True(store.FileLost());
        store.RebuildFromOpenFile();
        using var reader = RunStore.Open(db);
        Samples.AssertSame(Samples.Run(), new RunRecords(reader).CurrentRun());
    }

    [Fact]
    public void A_new_database_takes_nothing_from_the_wal_a_deleted_one_left_behind()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        using (var killed = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            // What a killed engine leaves after its database was deleted: a WAL with its last commits beside no database.
            killed.Open();
            Execute(killed, "PRAGMA journal_mode=WAL; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('lost');");
            File.Copy(db + "-wal", dir.Combine("kept-wal"));
        }

        File.Delete(db);
        File.Copy(dir.Combine("kept-wal"), db + "-wal");

        using var store = RunStore.Open(db);
        new RunRecords(store).SaveRun(Samples.Run());

        Samples.AssertSame(Samples.Run(), new RunRecords(store).CurrentRun());
        using var look = new SqliteConnection($"Data Source={db};Pooling=false");
        look.Open();
        using var cmd = look.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 't';";
        Assert.Equal(0L, cmd.ExecuteScalar()); // nothing of the deleted database came back
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
