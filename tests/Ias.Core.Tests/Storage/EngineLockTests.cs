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
}
