using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

public sealed class EngineLockTests
{
    [Fact]
    public void A_held_lock_is_refused_with_its_owner_and_a_clean_release_leaves_no_owner_behind()
    {
        using var dir = new TempDir();
        var path = dir.Combine("queue", "night.lock");

        using (var first = EngineLock.TryAcquire(path, "pid 10 on a", out _)!)
        {
            Assert.Null(first.PreviousHolder);
            Assert.Null(EngineLock.TryAcquire(path, "pid 11 on b", out var holder));
            Assert.Equal("pid 10 on a", holder);
        }

        using var second = EngineLock.TryAcquire(path, "pid 11 on b", out _)!;
        Assert.Null(second.PreviousHolder);
    }

    [Fact]
    public void A_lock_whose_owner_died_is_taken_over_and_names_the_dead_owner()
    {
        using var dir = new TempDir();
        var path = dir.Combine("night.lock");
        // What kill -9 leaves: the OS dropped the lock, the owner's name is still beside it.
        File.WriteAllText(path, "");
        File.WriteAllText(dir.Combine("night.owner"), "pid 10 on a\n");

        using var taken = EngineLock.TryAcquire(path, "pid 11 on b", out _)!;

        Assert.Equal("pid 10 on a", taken.PreviousHolder);
        Assert.Equal("pid 11 on b\n", File.ReadAllText(dir.Combine("night.owner")));
    }

    [Fact]
    public void A_lock_that_cannot_write_its_owner_note_is_a_storage_fault_never_another_engine()
    {
        using var dir = new TempDir();
        var path = dir.Combine("night.lock");
        Directory.CreateDirectory(dir.Combine("night.owner")); // the note cannot be written, as on a full or broken disk

        var e = Assert.Throws<StateFileException>(() => EngineLock.TryAcquire(path, "pid 11 on b", out _));

        Assert.Contains("night.owner", e.Message);
        Assert.DoesNotContain("another engine", e.Message);
        Directory.Delete(dir.Combine("night.owner"));
        using var taken = EngineLock.TryAcquire(path, "pid 11 on b", out _); // the failed attempt let go of the lock
        Assert.NotNull(taken);
    }

    [Fact]
    public void A_lock_whose_file_was_deleted_is_taken_again_at_its_path()
    {
        using var dir = new TempDir();
        var path = dir.Combine(".run", "engine.lock");
        using var held = EngineLock.TryAcquire(path, "pid 10 on a", out _)!;
        Directory.Delete(dir.Combine(".run"), recursive: true); // rm -rf .run under a running engine
        using (var intruder = EngineLock.TryAcquire(path, "pid 11 on b", out _))
        {
            Assert.NotNull(intruder); // the deleted file's lock excludes nobody
        }

        Assert.True(held.Renew("pid 10 on a"));

        Assert.Null(EngineLock.TryAcquire(path, "pid 11 on b", out var holder));
        Assert.Equal("pid 10 on a", holder);
    }
}
