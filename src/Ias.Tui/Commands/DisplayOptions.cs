using System.CommandLine;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;

namespace Ias.Tui.Commands;

/// <summary>`--theme` and `--ascii`, shared by every command that opens the dashboard.</summary>
public static class DisplayOptions
{
    public static Option<string?> Theme { get; } = Checked(new("--theme") { Description = "Dashboard theme: default, mono, high-contrast, solarized-16, or a YAML file (config: ias.theme)" });

    public static Option<bool> Ascii { get; } = new("--ascii") { Description = "ASCII glyphs and borders, for terminals without Unicode fonts (the default where the locale is not UTF-8)" };

    /// <summary>`--all`, on the commands that take it (`ias dashboard`, and `ias drop-in` coming back to one).</summary>
    public static Option<bool> All { get; } = new("--all")
    {
        Description = "The dashboard's runs list (l) shows the runs of every checkout where ias ran, grouped by repository; enter watches one in place",
    };

    /// <summary>`--no-report`, on `ias dashboard`: it does not open on the morning report.</summary>
    public static Option<bool> NoReport { get; } = new("--no-report")
    {
        Description = "Do not open on the report when something happened since you last read it (m still shows it)",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Theme);
        command.Options.Add(Ascii);
    }

    // A bad theme is a mistake on the command line: said before a run starts or a terminal is taken, and without one.
    private static Option<string?> Checked(Option<string?> theme)
    {
        theme.Validators.Add(result =>
        {
            try
            {
                if (result.GetValueOrDefault<string?>() is { } value)
                {
                    ThemeLoader.Load(value);
                }
            }
            catch (ThemeException e)
            {
                result.AddError(e.Message);
            }
        });
        return theme;
    }

    /// <summary>
    /// Opens the dashboard (its theme read first, so a bad one starts nothing), then the engine <paramref name="start"/>
    /// starts, if any; after q, says whether the engine goes on and how to come back. With <paramref name="morning"/> it
    /// opens on the report when something happened since it was last read (<see cref="DashboardApp.MorningScreen"/>).
    /// </summary>
    public static async Task<int> Watch(ParseResult pr, string repo, CancellationToken ct, Func<System.Diagnostics.Process?>? start = null, DashboardTarget? target = null, SharedQueue? shared = null, bool morning = false, Ias.Core.Replays.IReplayTimeline? replay = null)
    {
        var app = App(pr, repo, target, shared, morning, replay);
        var exit = await app.RunAsync(ct, start);
        // The checkout whose run was watched last: with --all, perhaps another than the one the dashboard opened in.
        if (app.LeftFor is DashboardCommand.DropIn or DashboardCommand.DropInShell)
        {
            var job = app.LeftFor == DashboardCommand.DropIn ? app.LeftOnJob : null;
            Runs.DropIn.ReplaceThisProcess(app.WatchedRoot, app.LeftFor == DashboardCommand.DropInShell, Passed(pr), job, app.Watched.Lane);
        }

        foreach (var line in Farewell.Lines(new RunPaths(app.WatchedRoot).InLane(app.Watched.Lane), app.Watched.QueueRun))
        {
            Console.WriteLine(line);
        }

        return exit;
    }

    /// <summary>The display flags as given, for a dashboard opened again by another process.</summary>
    private static List<string> Passed(ParseResult pr)
    {
        var flags = new List<string>();
        if (pr.GetValue(Theme) is { } theme)
        {
            flags.AddRange(["--theme", theme]);
        }

        if (pr.GetValue(Ascii))
        {
            flags.Add("--ascii");
        }

        if (WithAll(pr))
        {
            flags.Add("--all");
        }

        return flags;
    }

    /// <summary>
    /// The dashboard for a repository (its <paramref name="target"/> run), themed by the flag, then the config, then NO_COLOR,
    /// then the default; the checkout is remembered for the dashboards of every checkout, and with --all is one of them.
    /// </summary>
    public static DashboardApp App(ParseResult pr, string repo, DashboardTarget? target = null, SharedQueue? shared = null, bool morning = false, Ias.Core.Replays.IReplayTimeline? replay = null)
    {
        var root = Path.GetFullPath(repo);
        var read = ConfigOf(root);
        var config = read?.Config;
        var mode = ColorModeDetector.FromEnvironment();
        var theme = ThemeLoader.Select(pr.GetValue(Theme), config?.Theme, root, mode == ColorMode.NoColor);
        var registry = CheckoutRegistry.ForUser();
        registry.Remember(root);
        return new DashboardApp(Checkout(root, config, shared), theme, Glyphs.For(pr.GetValue(Ascii), Environment.GetEnvironmentVariable), mode, EngineLauncher.Detached)
        {
            Target = target ?? DashboardTarget.RunMode,
            ConfigWarnings = read?.Warnings ?? [],
            MorningScreen = morning,
            Replay = replay,
            Everywhere = WithAll(pr) ? new EveryCheckout(registry, other => Checkout(other, ConfigOf(other)?.Config, QueueHost.Watch(other)), QueueHost.Watch) : null,
        };
    }

    /// <summary>What the dashboard needs of the checkout at <paramref name="root"/>, from its <paramref name="config"/> (none: the defaults).</summary>
    private static DashboardCheckout Checkout(string root, LoaConfig? config, SharedQueue? shared) => new(new RunPaths(root))
    {
        Shared = shared,
        Runners = new DashboardRunners(root),
        BaseBranch = config?.RunMode.BaseBranch ?? "main",
        Notify = config?.Notify ?? NotifyConfig.Defaults,
        Report = (since, now) => ReportCommand.ReadOrSay(new RunPaths(root), since, now),
    };

    private static ConfigResult? ConfigOf(string root) =>
        File.Exists(Path.Combine(root, ConfigLoader.FileName)) ? ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds) : null;

    /// <summary>Whether --all was given, on a command that takes it.</summary>
    private static bool WithAll(ParseResult pr) => pr.CommandResult.Command.Options.Contains(All) && pr.GetValue(All);
}
