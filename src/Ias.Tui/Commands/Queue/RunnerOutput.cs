namespace Ias.Tui.Commands.Queue;

/// <summary>
/// Where a runner at a terminal says what it does. Once the terminal is gone (closed, the SSH connection dropped) a write
/// fails with EIO; the runner then goes on silently to hand its job back, rather than fail half-way with the job running.
/// </summary>
public sealed class RunnerOutput
{
    private volatile bool _gone;

    /// <summary>Prints <paramref name="line"/> unless the terminal is gone.</summary>
    public void Line(string line)
    {
        if (_gone)
        {
            return;
        }

        try
        {
            Console.WriteLine(line);
        }
        catch (IOException)
        {
            _gone = true;
        }
    }
}
