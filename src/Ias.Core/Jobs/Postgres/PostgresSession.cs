using System.Data;
using System.Data.Common;
using System.Globalization;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using Npgsql;

namespace Ias.Core.Jobs.Postgres;

/// <summary>
/// One session with the shared queue's server: its connection, its transactions and its statements under one lock (a
/// runner's heartbeat and its main loop share it); a session the server ended is opened again at its next statement, and
/// while the server cannot be reached every statement says so as a <see cref="QueueUnreachableException"/>, which a runner
/// waits out.
/// </summary>
/// <remarks>
/// The server ends the session when it stands still inside a transaction longer than a lease (a frozen process, a suspended
/// machine), so no job nor the run's row stays locked past the time its job would be taken over anyway.
/// </remarks>
internal sealed class PostgresSession : IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private readonly TimeSpan _lease;
    private NpgsqlConnection _db;
    private readonly Lock _gate = new();
    private NpgsqlTransaction? _tx;

    private PostgresSession(NpgsqlDataSource source, NpgsqlConnection db, string where, TimeSpan lease)
    {
        _source = source;
        _db = db;
        _where = where;
        _lease = lease;
    }

    /// <summary>Connects as <see cref="PostgresQueueStore.Open(string?, QueueRepository, Config.DataPolicy, TimeSpan, Func{string, string?}?)"/> says, bounding waits and idle transactions by <paramref name="lease"/>.</summary>
    public static PostgresSession Open(string? connection, TimeSpan lease)
    {
        const string Variable = PostgresQueueStore.ConnectionVariable;
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new QueueException($"ias.queue.backend is postgres but {Variable} is not set: export the shared queue's Npgsql connection string (Host=…;Database=…;Username=…)");
        }

        NpgsqlDataSource source;
        try
        {
            var builder = new NpgsqlSlimDataSourceBuilder(connection);
            // A runner frozen holding a row keeps it until the server ends its session, a lease after it stood still: a
            // statement waiting for that row must not give up first (Npgsql's own 30 s), or the runner ends with a stack trace.
            var wait = (int)Math.Min(Math.Ceiling((lease + TimeSpan.FromMinutes(1)).TotalSeconds), int.MaxValue);
            if (builder.ConnectionStringBuilder.CommandTimeout is > 0 and var given && given < wait)
            {
                builder.ConnectionStringBuilder.CommandTimeout = wait;
            }

            // A runner sends the same few statements over and over: prepared once per connection, a claim costs about half.
            // A connection string that says otherwise (Max Auto Prepare=0 behind a pooler that cannot keep them) is obeyed.
            var said = new DbConnectionStringBuilder { ConnectionString = connection };
            if (!said.ContainsKey("Max Auto Prepare") && !said.ContainsKey("MaxAutoPrepare"))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 20;
            }

            source = builder.Build();
        }
        catch (ArgumentException e)
        {
            throw new QueueException($"{Variable} is not a usable connection string ({e.Message.TrimEnd('.')}): fix it, e.g. Host=db.example;Database=ias;Username=ias");
        }

        NpgsqlConnection? db = null;
        try
        {
            db = source.OpenConnection();
            PostgresSchema.Migrate(db);
            LimitIdleTransactions(db, lease);
            return new PostgresSession(source, db, Describe(connection), lease);
        }
        catch (Exception e) when (e is NpgsqlException or DbException or System.Net.Sockets.SocketException)
        {
            db?.Dispose();
            source.Dispose();
            throw new QueueException($"cannot use the shared queue at {Describe(connection)}: {e.Message.ReplaceLineEndings(" ").TrimEnd('.')}; check {Variable} and that the server is up");
        }
        catch
        {
            db?.Dispose();
            source.Dispose();
            throw;
        }
    }

    // Whole milliseconds, at least one (zero would turn the limit off), at most what the server takes.
    private static void LimitIdleTransactions(NpgsqlConnection db, TimeSpan lease)
    {
        var limit = (long)Math.Clamp(Math.Ceiling(lease.TotalMilliseconds), 1, int.MaxValue);
        using var set = new NpgsqlCommand($"SET idle_in_transaction_session_timeout = {limit.ToString(CultureInfo.InvariantCulture)};", db);
        set.ExecuteNonQuery();
    }

    // A session the server ended (a restart, a dropped network) is opened again before the next statement outside a
    // transaction; nothing of the old one is kept, so what failed with it is asked again whole by its caller.
    private void Reopen()
    {
        if (_tx is not null || !Broken)
        {
            return;
        }

        var fresh = _source.CreateConnection();
        try
        {
            fresh.Open();
            LimitIdleTransactions(fresh, _lease);
        }
        catch (Exception e) when (e is NpgsqlException or DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            fresh.Dispose();
            throw Lost(e);
        }

        _db.Dispose();
        _db = fresh;
    }

    /// <summary>Runs <paramref name="action"/>'s statements as one transaction at <paramref name="isolation"/>; nested calls join the outer one.</summary>
    public void Transaction(Action action, IsolationLevel isolation)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            if (_tx is not null)
            {
                action();
                return;
            }

            Reopen();
            try
            {
                _tx = _db.BeginTransaction(isolation);
            }
            catch (NpgsqlException e) when (Broken)
            {
                throw Lost(e);
            }

            try
            {
                DbRollback.Committed(_tx, action);
            }
            catch (NpgsqlException e) when (Broken)
            {
                throw Lost(e);
            }
            finally
            {
                _tx.Dispose();
                _tx = null;
            }
        }
    }

    /// <summary>Runs one statement (inside the open transaction, if any) and returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        lock (_gate)
        {
            Reopen();
            try
            {
                using var cmd = Command(sql, args);
                return cmd.ExecuteNonQuery();
            }
            catch (NpgsqlException e) when (Broken)
            {
                throw Lost(e);
            }
        }
    }

    /// <summary>Sends <paramref name="statements"/> to the server in one round trip, inside the open transaction, if any.</summary>
    public void ExecuteBatch(IEnumerable<(string Sql, (string Name, object? Value)[] Args)> statements)
    {
        lock (_gate)
        {
            Reopen();
            try
            {
                using var batch = new NpgsqlBatch(_db, _tx);
                foreach (var (sql, args) in statements)
                {
                    var cmd = new NpgsqlBatchCommand(sql);
                    Bind(cmd.Parameters, args);
                    batch.BatchCommands.Add(cmd);
                }

                batch.ExecuteNonQuery();
            }
            catch (NpgsqlException e) when (Broken)
            {
                throw Lost(e);
            }
        }
    }

    /// <summary>Runs one query and maps each row it returns.</summary>
    public List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> map, params (string Name, object? Value)[] args)
    {
        lock (_gate)
        {
            Reopen();
            try
            {
                using var cmd = Command(sql, args);
                using var reader = cmd.ExecuteReader();
                var rows = new List<T>();
                while (reader.Read())
                {
                    rows.Add(map(reader));
                }

                return rows;
            }
            catch (NpgsqlException e) when (Broken)
            {
                throw Lost(e);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db.Dispose();
            _source.Dispose();
        }
    }

    // The server ended the session (it restarted, the network dropped, or the session stood still in a transaction past
    // the lease): nothing written since the last commit counts, and the caller asks again whole once the server is back.
    private bool Broken => !_db.FullState.HasFlag(ConnectionState.Open) || _db.FullState.HasFlag(ConnectionState.Broken);

    private QueueUnreachableException Lost(Exception e) =>
        new($"lost the connection to the shared queue at {_where} ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}): check that the server is up and reachable", e);

    private NpgsqlCommand Command(string sql, (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, _db, _tx);
        Bind(cmd.Parameters, args);
        return cmd;
    }

    private static void Bind(NpgsqlParameterCollection parameters, (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
        {
            parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, DBNull.Value),
                DateTimeOffset t => new NpgsqlParameter<DateTimeOffset>(name, t.ToUniversalTime()),
                _ => new NpgsqlParameter(name, value),
            });
        }
    }

    private static string Describe(string connection)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            return $"{b.Host}{(b.Database is { } d ? "/" + d : "")}";
        }
        catch (ArgumentException)
        {
            return "(the connection string)";
        }
    }
}
