using System.Data.Common;

namespace Ias.Core.Storage;

/// <summary>Committing a transaction, and rolling a failed one back without hiding why it failed.</summary>
internal static class DbRollback
{
    /// <summary>
    /// Rolls <paramref name="tx"/> back, and says nothing when that fails too: the failure may have broken the connection or
    /// ended the transaction already (SQLite rolls back by itself after some, a full disk among them), and the error of
    /// rolling back again would hide the failure that matters.
    /// </summary>
    public static void Quietly(DbTransaction tx)
    {
        try
        {
            tx.Rollback();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
        }
    }

    /// <summary>Runs <paramref name="action"/> in <paramref name="tx"/> and commits it; rolls it back, quietly, when either throws. The caller disposes it.</summary>
    public static void Committed(DbTransaction tx, Action action)
    {
        try
        {
            action();
            tx.Commit();
        }
        catch
        {
            Quietly(tx);
            throw;
        }
    }
}
