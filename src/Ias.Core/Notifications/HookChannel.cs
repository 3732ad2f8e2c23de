using Ias.Core.Config;
using Ias.Core.Processes;

namespace Ias.Core.Notifications;

/// <summary>
/// ias.notify.command: the person's own command, run by `sh -c` in the repository with one notification as JSON on stdin.
/// It gets <see cref="Limit"/> to finish; whatever it does, the run goes on.
/// </summary>
public sealed class HookChannel(string command, string workingDirectory, DataPolicy policy, ProcessRunner runner)
{
    /// <summary>Long enough for a curl to a chat service, short enough that a stuck hook costs little.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    private const int ShownError = 160;

    /// <summary>Runs the hook once; null when it exited 0, else one line saying what went wrong and what to do.</summary>
    public async Task<string?> SendAsync(Notification notification, CancellationToken ct)
    {
        var stderr = "";
        var spec = new ProcessSpec(
            "/bin/sh", ["-c", command], workingDirectory, new Dictionary<string, string>(), HookPayload.For(notification, policy),
            Limit, Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(2));
        ProcessOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(
                spec,
                _ => ValueTask.CompletedTask,
                line =>
                {
                    stderr = line.Length == 0 ? stderr : line;
                    return ValueTask.CompletedTask;
                },
                null,
                ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliProcessException or System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return Failed($"could not start ({e.Message})");
        }

        return outcome switch
        {
            { ExitCode: 0 } => null,
            { Stop: ProcessStop.TimedOut } => Failed($"did not finish within {Limit.TotalSeconds:0} s and was stopped"),
            { Stop: ProcessStop.Cancelled } => null,
            { ExitCode: { } code } => Failed($"exited {code}{(stderr.Length == 0 ? "" : $" ({Notification.OneLine(stderr, ShownError)})")}"),
            _ => Failed("was killed"),
        };
    }

    private string Failed(string what) =>
        $"notification hook `{Notification.OneLine(command, 80)}` {what}; fix ias.notify.command in .loa.config.yaml (or remove it), then `ias run-resume --reload-config` for a running run";
}
