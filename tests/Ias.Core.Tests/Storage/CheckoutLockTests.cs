using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

public sealed class CheckoutLockTests
{
    private static readonly DateTimeOffset TenOhTwo = new DateTimeOffset(2026, 11, 22, 10, 2, 0, TimeSpan.Zero).ToLocalTime();

    [Fact]
    public void A_second_writer_is_refused_with_the_holders_kind_pid_start_and_how_to_stop_it()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var runner = new CheckoutWriter("a queue runner of run night", 123, TenOhTwo, "stop it with `ias stop --run night` or wait");

        using var held = CheckoutLock.TryTake(paths, runner, out _);
        var refused = CheckoutLock.TryTake(paths, new CheckoutWriter("a Run Mode run of sprint-1", 456, TenOhTwo, "halt it"), out var holder);

        Assert.NotNull(held);
        Assert.Null(refused);
        Assert.Equal(runner, holder);
        Assert.Equal(runner, CheckoutLock.Holder(paths));
        Assert.Equal(
            "a queue runner of run night (pid 123, since 10:02) is writing in this checkout; stop it with `ias stop --run night` or wait",
            holder!.Describe(TenOhTwo.AddHours(1)));
    }

    [Fact]
    public void A_checkout_let_go_is_free_for_the_next_writer_and_names_no_holder()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        CheckoutLock.TryTake(paths, new CheckoutWriter("a sprint plan", 1, TenOhTwo, "halt it"), out _)!.Dispose();

        Assert.Null(CheckoutLock.Holder(paths));
        using var next = CheckoutLock.TryTake(paths, new CheckoutWriter("a bug run", 2, TenOhTwo, "halt it"), out var holder);
        Assert.NotNull(next);
        Assert.Null(holder);
    }

    [Fact]
    public void A_holder_from_an_earlier_day_is_named_with_its_date()
    {
        var writer = new CheckoutWriter("a sprint plan", 7, TenOhTwo, "halt it with `ias run-halt` or wait");

        Assert.Equal(
            $"a sprint plan (pid 7, since {TenOhTwo:yyyy-MM-dd} 10:02) is writing in this checkout; halt it with `ias run-halt` or wait",
            writer.Describe(TenOhTwo.AddDays(2)));
    }

    [Fact]
    public void A_holder_whose_name_cannot_be_read_is_still_refused_as_another_ias_process()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var held = EngineLock.TryAcquire(paths.CheckoutLock, "not json", out _);

        Assert.Null(CheckoutLock.TryTake(paths, new CheckoutWriter("a sprint plan", 1, TenOhTwo, "halt it"), out var holder));
        Assert.Equal("another ias process is writing in this checkout; wait for it to finish", holder!.Describe(TenOhTwo));
    }
}
