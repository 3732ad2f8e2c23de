using System.Runtime.Versioning;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>Folders and files ias makes for itself are its owner's alone, whatever the umask lets through.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class OwnerOnlyTests
{
    [Fact]
    public void A_new_folder_and_every_missing_folder_above_it_are_0700()
    {
        using var dir = new TempDir();

        OwnerOnly.CreateFolder(dir.Combine("a", "b", "c"));

        Assert.All(new[] { dir.Combine("a"), dir.Combine("a", "b"), dir.Combine("a", "b", "c") },
            d => Assert.Equal(OwnerOnly.FolderMode, File.GetUnixFileMode(d)));
    }

    [Fact]
    public void Files_written_through_it_are_0600_and_an_atomic_replacement_is_too()
    {
        using var dir = new TempDir();
        var written = dir.Combine("written.txt");
        var appended = dir.Combine("appended.log");
        var atomic = dir.Combine("state.json");
        File.WriteAllText(atomic, "{}");
        File.SetUnixFileMode(atomic, OwnerOnly.OrdinaryMode);

        OwnerOnly.WriteAllText(written, "text");
        using (var stream = OwnerOnly.Open(appended, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.WriteByte((byte)'x');
        }

        AtomicFile.Write(atomic, "{\"a\": 1}");

        Assert.All(new[] { written, appended, atomic }, f => Assert.Equal(OwnerOnly.PrivateMode, File.GetUnixFileMode(f)));
        Assert.Equal("text", File.ReadAllText(written));
    }

    [Fact]
    public void An_ordinary_atomic_file_keeps_what_the_umask_gives_any_new_file()
    {
        using var dir = new TempDir();
        var plain = dir.Combine("plain.md");
        var ordinary = dir.Combine("ordinary.md");
        File.WriteAllText(plain, "x");

        AtomicFile.Write(ordinary, "x", OwnerOnly.OrdinaryMode);

        Assert.Equal(File.GetUnixFileMode(plain), File.GetUnixFileMode(ordinary));
    }

    [Fact]
    public void A_touched_file_is_created_empty_and_0600_and_an_existing_one_is_left_as_it_is()
    {
        using var dir = new TempDir();
        var fresh = dir.Combine("engine.log");
        var existing = dir.Combine("kept.log");
        File.WriteAllText(existing, "kept");

        OwnerOnly.Touch(fresh);
        OwnerOnly.Touch(existing);

        Assert.Equal(OwnerOnly.PrivateMode, File.GetUnixFileMode(fresh));
        Assert.Equal(0, new FileInfo(fresh).Length);
        Assert.Equal("kept", File.ReadAllText(existing));
    }
}
