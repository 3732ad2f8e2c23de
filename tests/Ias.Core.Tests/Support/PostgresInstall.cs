using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Ias.Core.Tests.Support;

/// <summary>The PostgreSQL server binaries on this machine and the user who must run them; looked for once per process.</summary>
internal sealed class PostgresInstall
{
    /// <summary>The system user Debian's postgresql package creates, who runs the server when the tests run as root.</summary>
    public const string SystemUser = "postgres";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private static readonly Lazy<(PostgresInstall? Install, string? Problem)> Found = new(Find);

    private readonly string[] _runAs;

    private PostgresInstall(string binDir, string[] runAs)
    {
        BinDir = binDir;
        _runAs = runAs;
    }

    /// <summary>The install to use, or null when <see cref="Problem"/> says why there is none.</summary>
    public static PostgresInstall? Current => Found.Value.Install;

    /// <summary>Null when a cluster can be started here; otherwise one line saying why not and what to do.</summary>
    public static string? Problem => Found.Value.Problem;

    /// <summary>The folder holding initdb, pg_ctl and postgres.</summary>
    public string BinDir { get; }

    /// <summary>The path of one of the server's tools.</summary>
    public string Tool(string name) => Path.Combine(BinDir, name);

    /// <summary>A command run as the cluster's owner: the current user, or the postgres user when that is root, which initdb and postgres refuse.</summary>
    public string[] AsOwner(string program, params IEnumerable<string> args) => [.. _runAs, program, .. args];

    /// <summary>Runs a command to its end with stdin closed; its exit code and what it wrote to stdout and to stderr, trimmed.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyList<string> command)
    {
        using var process = Process.Start(StartInfo(command, redirectStderr: true))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', command)}` did not finish within {Limit.TotalSeconds:0}s");
        }

        return (process.ExitCode, stdout.Result.Trim(), stderr.Result.Trim());
    }

    /// <summary>Runs a command and returns its stdout; throws with everything it said when it fails.</summary>
    public static string Check(IReadOnlyList<string> command)
    {
        var (exitCode, stdout, stderr) = Run(command);
        return exitCode == 0
            ? stdout
            : throw new InvalidOperationException($"`{string.Join(' ', command)}` failed with exit code {exitCode}: {stdout} {stderr}".TrimEnd());
    }

    /// <summary>How every child starts: from /, which the postgres user can enter, with no PG* variable steering the tools and English messages.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command, bool redirectStderr)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            WorkingDirectory = "/",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = redirectStderr,
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["LC_ALL"] = "C";
        return info;
    }

    private static (PostgresInstall?, string?) Find()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "a throwaway PostgreSQL cluster needs Linux");
        }

        var binDir = FindBinDir();
        if (binDir is null)
        {
            return (null, "PostgreSQL not installed: apt-get install postgresql");
        }

        var root = GetEffectiveUserId() == 0;
        string[] runAs = root ? ["runuser", "-u", SystemUser, "--"] : [];
        var install = new PostgresInstall(binDir, runAs);
        try
        {
            // The server's own binary, run as the user who will run the cluster, proves the user exists and may execute it.
            var (exitCode, _, stderr) = Run(install.AsOwner(install.Tool("postgres"), "--version"));
            if (exitCode == 0)
            {
                return (install, null);
            }

            var said = stderr.Split('\n')[0];
            return (null, root
                ? $"running as root, and PostgreSQL will not; `runuser -u {SystemUser}` could not run its server ({said}): create the {SystemUser} user (apt-get install postgresql does) or run the tests as another user"
                : $"{install.Tool("postgres")} --version failed ({said}): reinstall PostgreSQL (apt-get install --reinstall postgresql)");
        }
        catch (Win32Exception e)
        {
            return (null, root
                ? $"running as root needs runuser to run PostgreSQL as {SystemUser}, and it could not start ({e.Message}): apt-get install util-linux"
                : $"{install.Tool("postgres")} could not start ({e.Message}): reinstall PostgreSQL (apt-get install --reinstall postgresql)");
        }
    }

    // Debian keeps each major version's server in /usr/lib/postgresql/N/bin, off PATH; the newest wins. pg_config alone could
    // name a libpq-only version with no server, so it and PATH come after.
    private static string? FindBinDir()
    {
        const string debian = "/usr/lib/postgresql";
        var versions = Directory.Exists(debian)
            ? Directory.EnumerateDirectories(debian).OrderByDescending(d => MajorVersion(Path.GetFileName(d))).Select(d => Path.Combine(d, "bin"))
            : [];
        var pgConfig = PgConfigBinDir();
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return versions.Concat(pgConfig is null ? [] : [pgConfig]).Concat(onPath).FirstOrDefault(HasServer);
    }

    private static bool HasServer(string dir) => new[] { "initdb", "pg_ctl", "postgres" }.All(t => File.Exists(Path.Combine(dir, t)));

    private static double MajorVersion(string name) => double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1;

    private static string? PgConfigBinDir()
    {
        try
        {
            var (exitCode, stdout, _) = Run(["pg_config", "--bindir"]);
            return exitCode == 0 ? stdout : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
