using System.Diagnostics;
using System.Runtime.Versioning;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>A file an agent could have written is read as data: only a regular file, never through a link, never blocking, never past a limit.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AgentFileTests
{
    [Fact]
    public void A_regular_file_under_the_limit_is_read_whole()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("q.md"), "Which database?\n");

        var read = AgentFile.Read(dir.Combine("q.md"), 1024);

        Assert.Null(read.Refused);
        Assert.Equal("Which database?\n", read.Text);
    }

    [Fact]
    public void A_missing_file_is_neither_read_nor_refused()
    {
        using var dir = new TempDir();

        var read = AgentFile.Read(dir.Combine("none"), 1024);

        Assert.Same(AgentFileRead.Missing, read);
    }

    [Fact]
    public void A_symbolic_link_is_refused_and_its_target_is_not_read()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("id_ed25519"), "PRIVATE KEY");
        File.CreateSymbolicLink(dir.Combine("ice.log"), dir.Combine("id_ed25519"));

        var read = AgentFile.Read(dir.Combine("ice.log"), 1024);

        Assert.Null(read.Bytes);
        Assert.Contains("symbolic link", read.Refused, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', read.Refused!);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_fifo_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        using var dir = new TempDir();
        var fifo = dir.Combine("question.md");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var read = await Task.Run(() => AgentFile.Read(fifo, 1024));

        Assert.Null(read.Bytes);
        Assert.Contains("not a regular file", read.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_refused()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("follow-up.json"));

        Assert.Contains("not a regular file", AgentFile.Read(dir.Combine("follow-up.json"), 1024).Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_without_reading_it()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("big.md"), new byte[4097]);

        var read = AgentFile.Read(dir.Combine("big.md"), 4096);

        Assert.Null(read.Bytes);
        Assert.Contains("4097 bytes, more than the 4096", read.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_at_the_limit_is_read()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.Combine("edge.md"), new byte[200_000]);

        Assert.Equal(200_000, AgentFile.Read(dir.Combine("edge.md"), 200_000).Bytes!.Length);
    }

    [Fact]
    public void A_linked_folder_between_the_root_and_the_file_is_refused()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("secret"));
        File.WriteAllText(dir.Combine("secret", "key"), "PRIVATE KEY");
        Directory.CreateDirectory(dir.Combine("tree", "a2a"));
        Directory.CreateSymbolicLink(dir.Combine("tree", "a2a", "sprint-1"), dir.Combine("secret"));

        var read = AgentFile.Read(dir.Combine("tree", "a2a", "sprint-1", "key"), 1024, under: dir.Combine("tree"));

        Assert.Null(read.Bytes);
        Assert.Contains("sprint-1 is a symbolic link", read.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hard_link_to_another_file_is_refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("id_ed25519"), "PRIVATE KEY");
        using (var ln = Process.Start("ln", [dir.Combine("id_ed25519"), dir.Combine("ice.log")]))
        {
            ln.WaitForExit();
        }

        var read = AgentFile.Read(dir.Combine("ice.log"), 1024);

        Assert.Null(read.Bytes);
        Assert.Contains("2 hard links", read.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_with_a_newline_is_refused_in_one_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("target"), "x");
        File.CreateSymbolicLink(dir.Combine("a\nHALTED: fake"), dir.Combine("target"));

        var read = AgentFile.Read(dir.Combine("a\nHALTED: fake"), 1024);

        Assert.DoesNotContain('\n', read.Refused!);
        Assert.Contains("a\\u000aHALTED: fake", read.Refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_a_folder_leaves_out_links_and_folders_each_with_a_line_and_stops_at_its_limit()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("f"));
        File.WriteAllText(dir.Combine("f", "b.json"), "{}");
        File.WriteAllText(dir.Combine("f", "a.json"), "{}");
        File.CreateSymbolicLink(dir.Combine("f", "other.json"), dir.Combine("f", "a.json"));
        Directory.CreateDirectory(dir.Combine("f", "sub"));

        var (files, refused) = AgentFile.Entries(dir.Combine("f"), 10);

        Assert.Equal([dir.Combine("f", "a.json"), dir.Combine("f", "b.json")], files);
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, l => l.Contains("other.json was not read: it is a symbolic link", StringComparison.Ordinal));
        Assert.Contains(refused, l => l.Contains("sub was not read: it is a folder", StringComparison.Ordinal));
        var many = AgentFile.Entries(dir.Combine("f"), 3);
        Assert.Empty(many.Files);
        Assert.Contains("holds more than 3 entries", Assert.Single(many.Refused), StringComparison.Ordinal);
    }

    [Fact]
    public void A_linked_folder_is_not_listed()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("ssh"));
        File.WriteAllText(dir.Combine("ssh", "id_ed25519"), "PRIVATE KEY");
        Directory.CreateSymbolicLink(dir.Combine("follow-up"), dir.Combine("ssh"));

        var (files, refused) = AgentFile.Entries(dir.Combine("follow-up"), 10);

        Assert.Empty(files);
        Assert.Contains("is a symbolic link", Assert.Single(refused), StringComparison.Ordinal);
    }
}
