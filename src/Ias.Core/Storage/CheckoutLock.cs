namespace Ias.Core.Storage;

/// <summary>
/// One writer per checkout: a Run Mode run, a sprint plan, a bug run and a queue runner's writing job each hold
/// `.run/checkout.lock` (an <see cref="EngineLock"/>) while they may change the work tree, the branch or its commits, with
/// a <see cref="CheckoutWriter"/> beside it, so a second writer is refused with who holds the checkout and how to stop it.
/// The OS lets go of the lock when its holder dies, even by kill -9.
/// </summary>
public sealed class CheckoutLock : IDisposable
{
    private readonly EngineLock _lock;

    private CheckoutLock(EngineLock held)
    {
        _lock = held;
    }

    /// <summary>Takes the checkout for <paramref name="writer"/>, or returns null and who holds it.</summary>
    public static CheckoutLock? TryTake(RunPaths paths, CheckoutWriter writer, out CheckoutWriter? holder)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(writer);
        var held = EngineLock.TryAcquire(paths.CheckoutLock, writer.ToLine(), out var name);
        holder = held is null ? CheckoutWriter.Parse(name) : null;
        return held is null ? null : new CheckoutLock(held);
    }

    /// <summary>Who writes in the checkout right now; null when no one does. Changes nothing.</summary>
    public static CheckoutWriter? Holder(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return EngineLock.IsHeld(paths.CheckoutLock, out var name) ? CheckoutWriter.Parse(name) : null;
    }

    public void Dispose() => _lock.Dispose();
}
