namespace Ias.EndToEnd.Tests.Support;

/// <summary>Waiting on a condition a test cannot be told of (a process not its child, a file another process writes), with a deadline only a hang reaches.</summary>
public static class Until
{
    /// <summary>Checks <paramref name="condition"/> every 100 ms until it holds; past <paramref name="timeout"/>, fails saying <paramref name="what"/> never happened.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} never happened within {timeout}");
            }

            await poll.WaitForNextTickAsync();
        }
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, string, TimeSpan)"/>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan timeout) => TrueAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Whether process <paramref name="pid"/> is alive (a zombie is not).</summary>
    public static bool Alive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
