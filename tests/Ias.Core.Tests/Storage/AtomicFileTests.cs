using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_replaces_the_content_and_leaves_no_temp_file_behind()
    {
        using var dir = new TempDir();
        var path = dir.Combine("state.json");
        File.WriteAllText(path, "old content that is longer than the new one");

        AtomicFile.Write(path, "{\"n\": 1}\n");
        AtomicFile.Write(path, "{\"n\": 2}\n");

        Assert.Equal("{\"n\": 2}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Write_stores_utf8_without_a_byte_order_mark()
    {
        using var dir = new TempDir();
        var path = dir.Combine("f.json");

        AtomicFile.Write(path, "é");

        Assert.Equal([0xC3, 0xA9], File.ReadAllBytes(path));
    }

    [Fact]
    public void A_failed_rename_removes_its_temp_file_and_leaves_the_target_alone()
    {
        using var dir = new TempDir();
        // A directory in the target's place makes the rename fail after the temp file was written.
        var path = dir.Combine("state.json");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, "{}"));

        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.True(Directory.Exists(path));
    }
}
