using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

/// <summary>
/// A connection's commands kept prepared, by their text: SQLite compiles each text once per connection, and a queue change
/// runs about ten statements, thousands of times a second.
/// </summary>
/// <remarks>
/// A text of several statements is compiled whole before it runs, so none of them may name a table an earlier one
/// creates: schema goes through <see cref="RunStore.Ensure"/>.
/// </remarks>
internal sealed class PreparedCommands
{
    // Every text the program runs is a constant, a few dozen in all; the bound only keeps a mistake from growing without end.
    private const int MaxKept = 256;

    private readonly Dictionary<string, SqliteCommand> _kept = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="run"/> with a command of <paramref name="sql"/> on <paramref name="db"/> inside <paramref name="tx"/>,
    /// bound to <paramref name="args"/>, and keeps it for the next call. It is taken out while it runs, so a statement run
    /// inside another's reading gets one of its own.
    /// </summary>
    public T Run<T>(SqliteConnection db, SqliteTransaction? tx, string sql, (string Name, object? Value)[] args, Func<SqliteCommand, T> run)
    {
        if (!_kept.Remove(sql, out var cmd))
        {
            cmd = db.CreateCommand();
            cmd.CommandText = sql;
        }

        try
        {
            cmd.Transaction = tx;
            Bind(cmd.Parameters, args);
            cmd.Prepare();
            var result = run(cmd);
            if (_kept.Count < MaxKept)
            {
                _kept[sql] = cmd;
                cmd = null;
            }

            return result;
        }
        finally
        {
            cmd?.Dispose();
        }
    }

    /// <summary>Disposes every kept command, before their connection closes.</summary>
    public void Clear()
    {
        foreach (var cmd in _kept.Values)
        {
            cmd.Dispose();
        }

        _kept.Clear();
    }

    // A statement is nearly always run with the same parameters: a kept command keeps their objects, given new values.
    private static void Bind(SqliteParameterCollection parameters, (string Name, object? Value)[] args)
    {
        if (parameters.Count != args.Length || args.Where((a, i) => parameters[i].ParameterName != a.Name).Any())
        {
            parameters.Clear();
            foreach (var (name, _) in args)
            {
                parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        for (var i = 0; i < args.Length; i++)
        {
            parameters[i].Value = args[i].Value ?? DBNull.Value;
        }
    }
}
