using System.ComponentModel;
using System.Diagnostics;
using Npgsql;

namespace Ias.Core.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server in a fresh folder under /tmp, reached by a Unix socket in that folder and no TCP port;
/// stopped and deleted on dispose, or by its reaper when the test process dies first.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string Superuser = "postgres";
    private const int Port = 5432;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    // Waits for its stdin to close, which happens on dispose or when the test process dies however it dies, then stops the
    // server and deletes the folder. One path for both, so every disposing test also tests the crash path. setsid keeps a
    // Ctrl-C meant for the tests from reaching it, and an ignored SIGPIPE keeps it going when nobody reads what it says.
    private const string ReaperScript = """
        exec 2>&1
        trap '' PIPE
        read -r _
        folder=$1 data=$2
        shift 2
        status=0
        if [ -f "$data/postmaster.pid" ]; then "$@" -D "$data" -m immediate -w -t 60 stop || status=1; fi
        rm -rf "$folder" || status=1
        exit $status
        """;

    private readonly Process _reaper;
    private bool _disposed;

    private PostgresCluster(string folder, Process reaper)
    {
        SocketDir = folder;
        _reaper = reaper;
    }

    /// <summary>The cluster's folder, which holds its Unix socket; the data directory and the server's log are inside it.</summary>
    public string SocketDir { get; }

    /// <summary>The data directory initdb made; the server's processes run in it.</summary>
    public string DataDir => Path.Combine(SocketDir, "data");

    private string LogFile => Path.Combine(SocketDir, "postgres.log");

    // A cluster was started, so the install was found.
    private static PostgresInstall Install => PostgresInstall.Current!;

    /// <summary>Null when a cluster can be started here; otherwise one line saying why not and what to do. Asked once per process.</summary>
    public static string? Problem() => PostgresInstall.Problem;

    /// <summary>Makes a cluster and starts its server, returning once it accepts connections; throws with what initdb or the server said when either fails.</summary>
    public static PostgresCluster Start()
    {
        var install = PostgresInstall.Current ?? throw new InvalidOperationException($"cannot start a PostgreSQL cluster: {Problem()}");

        // /tmp rather than $TMPDIR: a socket's path must fit in 107 bytes, and the postgres user must be able to reach the folder.
        var folder = PostgresInstall.Check(install.AsOwner("mktemp", "-d", "/tmp/ias-pg-XXXXXXXXXX"));
        var cluster = new PostgresCluster(folder, StartReaper(install, folder));
        try
        {
            PostgresInstall.Check(install.AsOwner(install.Tool("initdb"),
                "-D", cluster.DataDir, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
            File.AppendAllText(Path.Combine(cluster.DataDir, "postgresql.conf"), Settings(folder));
            // -w returns once the server accepts connections, or fails when it exits or outlasts -t.
            PostgresInstall.Check(install.AsOwner(install.Tool("pg_ctl"), "-D", cluster.DataDir, "-l", cluster.LogFile, "-w", "-t", "60", "start"));
            return cluster;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Win32Exception)
        {
            var said = File.Exists(cluster.LogFile) ? $"; the server's log: {File.ReadAllText(cluster.LogFile).Trim()}" : "";
            try
            {
                cluster.Dispose();
            }
            catch (InvalidOperationException cleanup)
            {
                said += $"; and then {cleanup.Message}";
            }

            throw new InvalidOperationException($"could not start a PostgreSQL cluster in {folder}: {e.Message}{said}", e);
        }
    }

    /// <summary>Creates an empty database with a name of its own and returns the Npgsql connection string that reaches it.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Guid.NewGuid():N}";
        using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        create.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>
    /// Stops the server as an administrator's restart does (`pg_ctl stop -m fast`: every session is ended, the data kept),
    /// returning once it is gone; <see cref="StartServer"/> starts it again on the same socket.
    /// </summary>
    public void StopServer() => PostgresInstall.Check(Install.AsOwner(Install.Tool("pg_ctl"), "-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"));

    /// <summary>Starts the server <see cref="StopServer"/> stopped, returning once it accepts connections again.</summary>
    public void StartServer() => PostgresInstall.Check(Install.AsOwner(Install.Tool("pg_ctl"), "-D", DataDir, "-l", LogFile, "-w", "-t", "60", "start"));

    /// <summary>Stops the server at once (no checkpoint: the data is thrown away), waits until it is gone and deletes the folder.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (_reaper)
        {
            _reaper.StandardInput.Close();
            var said = _reaper.StandardOutput.ReadToEndAsync();
            if (!_reaper.WaitForExit(Limit))
            {
                _reaper.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"stopping the PostgreSQL cluster in {SocketDir} took over {Limit.TotalSeconds:0}s; its server may still run");
            }

            if (_reaper.ExitCode != 0)
            {
                throw new InvalidOperationException($"could not stop the PostgreSQL cluster in {SocketDir} and delete it: {said.Result.Trim()}");
            }
        }
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDir,
        Port = Port,
        Username = Superuser,
        Database = database,
        Pooling = false,
    }.ConnectionString;

    // Later lines of postgresql.conf win over initdb's. Durability is off: the cluster lives for one test run.
    private static string Settings(string folder) => $"""

        # Added by the tests' PostgresCluster: a Unix socket in the cluster's own folder and no TCP; no durability.
        listen_addresses = ''
        unix_socket_directories = '{folder}'
        port = {Port}
        fsync = off
        synchronous_commit = off
        full_page_writes = off

        """;

    private static Process StartReaper(PostgresInstall install, string folder)
    {
        try
        {
            string[] command = ["setsid", "--wait", "sh", "-c", ReaperScript, "ias-pg-reaper", folder, Path.Combine(folder, "data"), .. install.AsOwner(install.Tool("pg_ctl"))];
            return Process.Start(PostgresInstall.StartInfo(command, redirectStderr: false))!;
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }
}
