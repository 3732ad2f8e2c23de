namespace Ias.Core.Storage;

/// <summary>One writer per checkout, or per branch: an <see cref="EngineLock"/> with a <see cref="CheckoutWriter"/> beside it.</summary>
/// <remarks>
/// A Run Mode run, a sprint plan and a bug run hold `.run/checkout.lock`; a queue's writing job, and a person's drop-in to
/// one, hold the lock of the job's branch beside its worktree. A second writer is refused with who holds it and how to stop
/// it. The OS lets go of the lock when its holder dies, even by kill -9.
/// </remarks>
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
        return TryTake(paths.CheckoutLock, writer, out holder);
    }

    /// <summary>Takes the lock at <paramref name="path"/> (a branch's) for <paramref name="writer"/>, or returns null and who holds it.</summary>
    public static CheckoutLock? TryTake(string path, CheckoutWriter writer, out CheckoutWriter? holder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var held = EngineLock.TryAcquire(path, writer.ToLine(), out var name);
        holder = held is null ? CheckoutWriter.Parse(name) : null;
        return held is null ? null : new CheckoutLock(held);
    }

    /// <summary>Who writes in the checkout right now; null when no one does. Changes nothing.</summary>
    public static CheckoutWriter? Holder(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Holder(paths.CheckoutLock);
    }

    /// <summary>Who holds the lock at <paramref name="path"/> (a branch's) right now; null when no one does. Changes nothing.</summary>
    public static CheckoutWriter? Holder(string path) => EngineLock.IsHeld(path, out var name) ? CheckoutWriter.Parse(name) : null;

    public void Dispose() => _lock.Dispose();
}
