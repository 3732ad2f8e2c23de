using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Storage;

/// <summary>A full disk and a read-only directory are told apart from every other I/O failure, in the one line a user acts on.</summary>
public sealed class DiskFaultsTests
{
    [Fact]
    public void A_full_disk_is_recognised_as_dotnet_and_sqlite_report_it()
    {
        Assert.True(DiskFaults.IsDiskFull(new IOException("No space left on device : '/repo/.run/x'", 28)));
        Assert.True(DiskFaults.IsDiskFull(new IOException("Failed to create '/repo/.run/x' with allocation size '100000' because the disk was full.")));
        Assert.True(DiskFaults.IsDiskFull(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)));
        Assert.False(DiskFaults.IsDiskFull(new IOException("Input/output error", 5)));
        Assert.False(DiskFaults.IsDiskFull(new SqliteException("SQLite Error 26: 'file is not a database'.", 26)));
    }

    [Fact]
    public void The_line_for_a_full_disk_names_the_path_and_says_what_to_do()
    {
        Assert.Equal(
            ".run/state.json: no space left on device; free space and run `ias run-resume`",
            DiskFaults.DiskFullMessage(".run/state.json"));
        Assert.Equal("/repo/.run/jobs/j/stdout.jsonl", DiskFaults.PathIn("No space left on device : '/repo/.run/jobs/j/stdout.jsonl'"));
        Assert.Null(DiskFaults.PathIn("No space left on device"));
    }

    [Fact]
    public void The_line_for_a_read_only_run_dir_names_it_and_says_how_to_make_it_writable()
    {
        var line = DiskFaults.ReadOnlyMessage("/repo/.run", "a read-only file system");

        Assert.StartsWith("/repo/.run is read-only: a read-only file system; ", line);
        Assert.Contains("chmod u+w /repo/.run", line);
        Assert.DoesNotContain("move", line);
    }

    [Fact]
    public void A_writable_directory_has_no_problem_and_the_probe_leaves_nothing_behind()
    {
        using var dir = new TempDir();

        Assert.Null(DiskFaults.Probe(dir.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Another_failure_in_a_writable_directory_is_not_blamed_on_the_disk()
    {
        using var dir = new TempDir();

        Assert.Null(DiskFaults.Explain(new IOException("Input/output error", 5), dir.Combine("x"), "x", dir.Path));
        Assert.Equal("x" + ": no space left on device; free space and run `ias run-resume`",
            DiskFaults.Explain(new IOException("No space left on device", 28), dir.Combine("x"), "x", dir.Path)!.Message);
    }
}
