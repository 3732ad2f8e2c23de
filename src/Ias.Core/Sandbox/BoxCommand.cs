namespace Ias.Core.Sandbox;

/// <summary>A command that runs in the box within its limits; disposing it, once the command is over, removes its process cap's cgroup.</summary>
/// <param name="FileName">The program to start: a shell that enters the limits, then bubblewrap.</param>
/// <param name="Args">Its arguments.</param>
/// <param name="Cap">The box's process cap, which says whether it was reached.</param>
/// <param name="Limits">The limits the box holds to; the caller's process runner holds the output to <see cref="BoxLimits.OutputBytes"/>.</param>
public sealed record BoxCommand(string FileName, IReadOnlyList<string> Args, ProcessCap Cap, BoxLimits Limits) : IDisposable
{
    public void Dispose() => Cap.Dispose();
}
