using System.CommandLine;
using System.Globalization;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Records;
using Ias.Core.Notifications;
using Ias.Core.Reports;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Terminal;

namespace Ias.Tui.Commands;

/// <summary>
/// The `report` notification at the end of the box's night: a run (a sprint, a plan, a bug run, a resume) or a queue's
/// runner that ended records its end (<see cref="NightEnd"/>); once the box has stayed quiet for
/// `ias.notify.report_quiet_seconds`, a teller in a session of its own (`ias night-end`, hidden) sends the counts of every
/// checkout's report as one notification of that run, if no run ended later and none is at work. Nothing here fails the
/// command that ended.
/// </summary>
public static class NightEndNotice
{
    /// <summary>
    /// Records the end of <paramref name="run"/> and has the night told once the box stays quiet, with
    /// <paramref name="config"/>: the configuration the worker took when it began. The teller reads the same: a Run Mode
    /// run's own copy (<paramref name="inputsOf"/>), a runner's the checkout's file.
    /// </summary>
    public static async Task TellIfLastAsync(RunPaths paths, LoaConfig config, string run, string? inputsOf = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            if (!config.Notify.Report || !File.Exists(paths.Database))
            {
                return;
            }

            var night = Night();
            var ended = TimeProvider.System.GetUtcNow();
            night.Ended(ended);
            if (config.Notify.ReportQuiet <= TimeSpan.Zero)
            {
                await TellAsync(paths, config, run, ended);
                return;
            }

            // Only the teller's decision and its failures go to the box's night log; nothing holds this terminal.
            string[] args = ["night-end", "--run", run, "--ended", ended.ToString("O", CultureInfo.InvariantCulture), .. inputsOf is null ? [] : new[] { "--inputs-of", inputsOf }];
            using var teller = EngineLauncher.Launch(paths.RepoRoot, night.LogPath, args, after: (config.Notify.ReportQuiet, paths.Database));
        }
        catch (Exception e) when (e is ConfigException or QueueException or IOException or StateFileException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ias: the night's `report` notification was not sent: {e.Message}");
        }
    }

    /// <summary><see cref="TellIfLastAsync"/> for a Run Mode run, a plan or a bug run of <paramref name="ctx"/>, under <paramref name="run"/>.</summary>
    public static Task TellRunEndAsync(EngineContext ctx, string? inputsOf, string run)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return TellIfLastAsync(ctx.Paths, RunConfig(ctx.Store, ctx.RepoRoot, inputsOf) ?? ctx.Config, run, inputsOf);
    }

    /// <summary>`ias night-end`: the teller, started by <see cref="TellIfLastAsync"/> once the box has been quiet.</summary>
    public static Command Create()
    {
        var run = new Option<string>("--run") { Required = true };
        var ended = new Option<string>("--ended") { Required = true };
        var inputsOf = new Option<string?>("--inputs-of");
        var cmd = new Command("night-end", "Tell the night's end once the box is quiet (started by ias itself)") { run, ended, inputsOf };
        cmd.Hidden = true;
        cmd.SetAction(async pr =>
        {
            var paths = Cli.Paths(pr);
            var at = DateTimeOffset.Parse(pr.GetValue(ended)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            LoaConfig? config = null;
            if (pr.GetValue(inputsOf) is { } of && File.Exists(paths.Database))
            {
                using var store = RunStore.Open(paths.Database);
                config = RunConfig(store, paths.RepoRoot, of);
            }

            await TellAsync(paths, config ?? ConfigLoader.Load(paths.RepoRoot, AgentAdapters.Builtin.Kinds).Config, pr.GetValue(run)!, at);
            return 0;
        });
        return cmd;
    }

    private static NightEnd Night() => new(CheckoutRegistry.ForUser().Folder, TimeProvider.System);

    // The decision, and the telling when this end is the night's: every checkout's report since it was last read, in counts.
    private static async Task TellAsync(RunPaths paths, LoaConfig config, string run, DateTimeOffset ended)
    {
        var clock = TimeProvider.System;
        if (!File.Exists(paths.Database))
        {
            return; // the checkout, or its runs, went while the box was quiet
        }

        List<RunPaths> checkouts = [paths, .. CheckoutRegistry.ForUser().Checkouts().Where(r => r != paths.RepoRoot).Select(r => new RunPaths(r))];
        if (!Night().Claim($"{run} of {paths.RepoRoot}", ended, checkouts))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var reports = checkouts.Select(c => c == paths
            ? ReportCommand.Read(paths, config, ReportWindow.Default(paths, now), now)
            : ReportCommand.ReadOrSay(c, ReportWindow.Default(c, now), now));
        using var store = RunStore.Open(paths.Database);
        var runs = new RunRecords(store);
        await using var notifier = new Notifier(
            config.Notify, config.DataPolicy, paths.RepoRoot, clock,
            n => runs.AddEvent(n.Run, n.Time, NotificationEvents.Kind, NotificationEvents.Message(n)),
            (n, problem) => FailedOnce(runs, n.Run, clock.GetUtcNow(), problem))
        {
            Deliver = TerminalNotifier.Headless(config.Notify),
        };
        notifier.Send(new Notification(NotificationKind.Report, run, now, NightSummary.Of([.. reports])));
    }

    // A hook that failed is one event of the run: the run's own notifier may have recorded it already.
    private static void FailedOnce(RunRecords runs, string run, DateTimeOffset at, string problem)
    {
        if (!runs.EventsOfKind(NotificationEvents.Failed, 0).Any(e => e.RunId == run))
        {
            runs.AddEvent(run, at, NotificationEvents.Failed, problem);
        }
    }

    /// <summary>The configuration a Run Mode run took at jack-in (<see cref="RunInputs"/>); null for a run that took none.</summary>
    private static LoaConfig? RunConfig(RunStore store, string repoRoot, string? run) =>
        run is not null && new RunInputsStore(store).Load(run) is { } inputs ? inputs.Config(repoRoot) : null;
}
