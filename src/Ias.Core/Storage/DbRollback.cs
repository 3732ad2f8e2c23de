using System.Data.Common;

namespace Ias.Core.Storage;

/// <summary>Rolling a failed transaction back without hiding why it failed.</summary>
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
}
