using Ias.Core.Tests.Support;
using Npgsql;

namespace Ias.Core.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresClusterFixture postgres)
{
    [PostgresFact]
    public void The_server_answers_on_its_own_socket_and_listens_on_no_TCP_address()
    {
        using var connection = Open(postgres.CreateDatabase());

        Assert.Equal("", Scalar(connection, "SHOW listen_addresses"));
        Assert.Equal(postgres.Cluster.SocketDir, Scalar(connection, "SHOW unix_socket_directories"));
        Assert.Null(Scalar(connection, "SELECT inet_server_addr()")); // null: this connection came by the Unix socket
        Assert.True(File.Exists(Path.Combine(postgres.Cluster.SocketDir, ".s.PGSQL.5432")));
    }

    [PostgresFact]
    public void The_server_never_runs_as_root_even_when_the_tests_do()
    {
        using var connection = Open(postgres.CreateDatabase());

        var status = File.ReadLines($"/proc/{connection.ProcessID}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var effectiveUid = status.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2];
        Assert.NotEqual("0", effectiveUid);
    }

    [PostgresFact]
    public void Two_databases_are_separate_a_table_made_in_one_is_absent_from_the_other()
    {
        using var first = Open(postgres.CreateDatabase());
        using var second = Open(postgres.CreateDatabase());

        Execute(first, "CREATE TABLE jobs (id text PRIMARY KEY)");

        Assert.NotEqual(first.Database, second.Database);
        Assert.Equal("jobs", Scalar(first, "SELECT to_regclass('jobs')::text"));
        Assert.Null(Scalar(second, "SELECT to_regclass('jobs')::text"));
    }

    [PostgresFact]
    public void A_row_written_is_read_back_on_a_new_connection()
    {
        var database = postgres.CreateDatabase();
        using (var writer = Open(database))
        {
            Execute(writer, "CREATE TABLE jobs (id text PRIMARY KEY, state text NOT NULL)");
            Execute(writer, "INSERT INTO jobs VALUES ('job-1', 'pending')");
        }

        using var reader = Open(database);

        Assert.Equal("pending", Scalar(reader, "SELECT state FROM jobs WHERE id = 'job-1'"));
    }

    [PostgresFact]
    public void Dispose_stops_every_server_process_and_deletes_the_folder()
    {
        using var cluster = PostgresCluster.Start();
        var folder = cluster.SocketDir;
        var data = cluster.DataDir;
        using var connection = Open(cluster.CreateDatabase());
        // The backend serving this connection runs in the data directory: the check below sees the server's children too.
        Assert.Contains(connection.ProcessID, ProcessesIn(data));

        cluster.Dispose();

        Assert.Empty(ProcessesIn(data));
        Assert.False(Directory.Exists(folder), $"{folder} is still there");
    }

    [PostgresFact]
    public void A_server_stopped_and_started_again_refuses_connections_while_down_and_keeps_its_databases()
    {
        using var cluster = PostgresCluster.Start();
        var database = cluster.CreateDatabase();
        using (var writer = Open(database))
        {
            Execute(writer, "CREATE TABLE jobs (id text PRIMARY KEY)");
            Execute(writer, "INSERT INTO jobs VALUES ('job-1')");
        }

        cluster.StopServer();
        Assert.ThrowsAny<NpgsqlException>(() => Open(database).Dispose());
        cluster.StartServer();

        using var reader = Open(database);
        Assert.Equal("job-1", Scalar(reader, "SELECT id FROM jobs"));
    }

    private static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    // Every process whose working directory is the data directory (the server's processes chdir there; their command lines
    // are rewritten to status text) or whose command line names it (the postmaster's -D, the reaper's arguments).
    private static List<int> ProcessesIn(string data)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget ?? "";
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                if (cwd == data || cwd.StartsWith(data + "/", StringComparison.Ordinal) || cwd == data + " (deleted)" || commandLine.Any(a => a.Contains(data, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone since the listing, or another user's process that this one may not inspect.
            }
        }

        return found;
    }
}
