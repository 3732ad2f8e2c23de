using System.ComponentModel;
using CliWrap;

namespace Ias.Core.Processes;

/// <summary>Keeps the machine from sleeping while ias works, through systemd-inhibit where the system has one.</summary>
/// <remarks>
/// The lock is held by `systemd-inhibit … cat` reading a pipe this process keeps open: when ias ends, however it ends
/// (killed included), the pipe closes, cat ends and the lock goes with it. Where there is no systemd-inhibit, or it fails
/// (no logind in a container), ias says one line through the note it was given and goes on: nothing waits for it.
/// </remarks>
public sealed class SleepInhibitor : IDisposable
{
    /// <summary>The program that takes the lock, found as the engine's own tools are (<see cref="EngineTools"/>).</summary>
    public const string Tool = "systemd-inhibit";

    // Long enough for cat to see its stdin close and end; a stuck inhibitor is killed after it.
    private static readonly TimeSpan LetGo = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _kill = new();
    private int _released;

    private SleepInhibitor(string? program, string why, Action<string> note)
    {
        if (program is null)
        {
            Ended = Say(note, $"no {Tool} found where no agent can write, so the machine may sleep while ias works");
            return;
        }

        var stderr = new BoundedCapture(1024);
        try
        {
            var held = Cli.Wrap(program)
                .WithArguments(["--what=sleep:idle", "--who=ias", $"--why={why}", "--mode=block", "cat"])
                .WithStandardInputPipe(PipeSource.Create((_, ct) => _release.Task.WaitAsync(ct)))
                .WithStandardErrorPipe(stderr)
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(_kill.Token);
            Ended = held.Task.ContinueWith(t => Gone(t, stderr, note), TaskScheduler.Default);
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            Ended = Say(note, $"{Tool} could not start ({e.InnerException?.Message ?? e.Message}), so the machine may sleep while ias works");
        }
    }

    /// <summary>Done once the inhibitor has ended and any note about it is made.</summary>
    internal Task Ended { get; }

    /// <summary>Holds the lock, naming <paramref name="why"/>, until disposed; <paramref name="note"/> is told, once, if it cannot.</summary>
    public static SleepInhibitor Hold(string why, Action<string> note) => Hold(EngineTools.Locate(Tool), why, note);

    /// <summary>As <see cref="Hold(string, Action{string})"/> with <paramref name="program"/> as the inhibitor (null: there is none).</summary>
    internal static SleepInhibitor Hold(string? program, string why, Action<string> note) => new(program, why, note);

    /// <summary>Lets the lock go: stdin closes and cat ends; a moment later the inhibitor is killed if it has not.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        _release.TrySetResult();
        // WhenAny never throws: whatever became of the inhibitor, letting it go must not fail the run.
        if (!Task.WhenAny(Ended).Wait(LetGo))
        {
            _kill.Cancel();
            Task.WhenAny(Ended).Wait(LetGo);
        }

        _kill.Dispose();
    }

    private void Gone(Task<CommandResult> held, BoundedCapture stderr, Action<string> note)
    {
        // Ended after the run let it go, as it should; a kill at that point is no news either.
        var exit = held.IsCompletedSuccessfully ? held.Result.ExitCode : (int?)null;
        _ = held.Exception;
        if (Volatile.Read(ref _released) == 1)
        {
            return;
        }

        var said = stderr.Text().Split('\n').Select(l => new string([.. l.Where(c => !char.IsControl(c))]).Trim()).FirstOrDefault(l => l.Length > 0);
        var how = exit is { } code ? $"exited {code}" : "failed";
        Say(note, $"{Tool} {how}{(said is null ? "" : $" ({said})")}, so the machine may sleep while ias works");
    }

    private static Task Say(Action<string> note, string line)
    {
        try
        {
            note(line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A log that cannot be written is no reason to stop a run.
        }

        return Task.CompletedTask;
    }
}
