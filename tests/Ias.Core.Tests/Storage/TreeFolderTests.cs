using System.Runtime.Versioning;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>ias writes its files in the work tree only through real folders, and makes the missing ones writable by their owner alone.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TreeFolderTests
{
    [Fact]
    public void Missing_folders_are_made_and_no_other_user_can_write_them()
    {
        using var dir = new TempDir();

        Assert.Null(TreeFolder.Ensure(dir.Path, "grimoires/loa/a2a/sprint-1"));

        foreach (var made in new[] { "grimoires", "grimoires/loa", "grimoires/loa/a2a", "grimoires/loa/a2a/sprint-1" })
        {
            var mode = File.GetUnixFileMode(dir.Combine(made));
            Assert.Equal((UnixFileMode)0, mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }
    }

    [Fact]
    public void A_linked_folder_on_the_way_is_refused_and_nothing_is_made_through_it()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("ssh"));
        Directory.CreateDirectory(dir.Combine("repo", "grimoires", "loa", "a2a"));
        Directory.CreateSymbolicLink(dir.Combine("repo", "grimoires", "loa", "a2a", "sprint-1"), dir.Combine("ssh"));
        Directory.CreateSymbolicLink(dir.Combine("repo", "docs"), dir.Combine("ssh"));

        var a2a = TreeFolder.Ensure(dir.Combine("repo"), "grimoires/loa/a2a/sprint-1");
        var decisions = TreeFolder.Ensure(dir.Combine("repo"), "docs/ias/decisions");

        Assert.StartsWith("grimoires/loa/a2a/sprint-1 is a symbolic link", a2a, StringComparison.Ordinal);
        Assert.StartsWith("docs is a symbolic link", decisions, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Combine("ssh")));
    }

    [Fact]
    public void A_file_in_a_folders_place_is_refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("docs"), "x");

        Assert.StartsWith("docs is a file where ias keeps a folder", TreeFolder.Ensure(dir.Path, "docs/ias/decisions"), StringComparison.Ordinal);
    }
}
