namespace Ias.Core.Processes;

/// <summary>The bytes a child's stdout and stderr may carry together; both streams spend from it, and the first read past it trips it.</summary>
internal sealed class OutputBudget(long limit)
{
    private readonly TaskCompletionSource _exceeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _used;

    /// <summary>Completes when a read went past the limit.</summary>
    public Task Exceeded => _exceeded.Task;

    /// <summary>Counts <paramref name="bytes"/>; false (and tripped) when they go past the limit.</summary>
    public bool Spend(int bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= limit)
        {
            return true;
        }

        _exceeded.TrySetResult();
        return false;
    }
}
