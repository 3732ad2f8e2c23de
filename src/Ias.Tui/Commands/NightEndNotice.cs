using Ias.Core.Config;
using Ias.Core.Cycles;
using Ias.Core.Jobs;
using Ias.Core.Notifications;
using Ias.Core.Reports;
using Ias.Core.Storage;
using Ias.Tui.Terminal;

namespace Ias.Tui.Commands;

/// <summary>
/// The `report` notification at the end of the night: a run (a sprint, a plan, a bug run, a resume) or a queue's runner that
/// ended and was the last one at work in its checkout (<see cref="NightEnd"/>) sends the report's counts as one notification
/// of its run, through the notification channels it worked with. Nothing here fails the command that ended.
/// </summary>
public static class NightEndNotice
{
    /// <summary>
    /// Tells the night's end for <paramref name="run"/> when it was the last at work, with <paramref name="config"/>: the
    /// configuration the worker took when it began (a run's own copy), never the file as an agent may have left it.
    /// </summary>
    public static async Task TellIfLastAsync(RunPaths paths, LoaConfig config, string run, DateTimeOffset began)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(config);
        var clock = TimeProvider.System;
        try
        {
            var now = clock.GetUtcNow();
            if (!config.Notify.Report || !File.Exists(paths.Database) || !NightEnd.Claim(paths, began, now, clock))
            {
                return;
            }

            var report = ReportCommand.Read(paths, config, ReportWindow.Default(paths, now), now);
            using var store = RunStore.Open(paths.Database);
            var runs = new RunRecords(store);
            await using var notifier = new Notifier(
                config.Notify, config.DataPolicy, paths.RepoRoot, clock,
                n => runs.AddEvent(n.Run, n.Time, NotificationEvents.Kind, NotificationEvents.Message(n)),
                (n, problem) => FailedOnce(runs, n.Run, clock.GetUtcNow(), problem))
            {
                Deliver = TerminalNotifier.Headless(config.Notify),
            };
            notifier.Send(new Notification(NotificationKind.Report, run, now, NightSummary.Of(report)));
        }
        catch (Exception e) when (e is ConfigException or QueueException or IOException or StateFileException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"ias: the night's `report` notification was not sent: {e.Message}");
        }
    }

    /// <summary>
    /// <see cref="TellIfLastAsync"/> for a Run Mode run, a plan or a bug run of <paramref name="ctx"/>: told under
    /// <paramref name="run"/>, with the configuration <paramref name="inputsOf"/> took at jack-in (<see cref="RunConfig"/>).
    /// </summary>
    public static Task TellRunEndAsync(EngineContext ctx, string? inputsOf, string run, DateTimeOffset began)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return TellIfLastAsync(ctx.Paths, RunConfig(ctx, inputsOf), run, began);
    }

    // A hook that failed is one event of the run: the run's own notifier may have recorded it already.
    private static void FailedOnce(RunRecords runs, string run, DateTimeOffset at, string problem)
    {
        if (!runs.EventsOfKind(NotificationEvents.Failed, 0).Any(e => e.RunId == run))
        {
            runs.AddEvent(run, at, NotificationEvents.Failed, problem);
        }
    }

    /// <summary>The configuration a Run Mode run worked with: its own copy, taken at jack-in; the one the engine opened with for a run that took none.</summary>
    public static LoaConfig RunConfig(EngineContext ctx, string? run)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return run is not null && new RunInputsStore(ctx.Store).Load(run) is { } inputs ? inputs.Config(ctx.RepoRoot) : ctx.Config;
    }
}
