using System.CommandLine;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;

namespace Ias.Tui.Commands;

/// <summary>`--theme` and `--ascii`, shared by every command that opens the dashboard.</summary>
public static class DisplayOptions
{
    public static Option<string?> Theme { get; } = new("--theme") { Description = "Dashboard theme: default, mono, high-contrast, solarized-16, or a YAML file (config: ias.theme)" };

    public static Option<bool> Ascii { get; } = new("--ascii") { Description = "ASCII glyphs and borders, for terminals without Unicode fonts" };

    public static void AddTo(Command command)
    {
        command.Options.Add(Theme);
        command.Options.Add(Ascii);
    }

    /// <summary>The dashboard for a repository (its <paramref name="target"/> run), themed by the flag, then the config, then NO_COLOR, then the default.</summary>
    public static DashboardApp App(ParseResult pr, string repo, DashboardTarget? target = null)
    {
        var root = Path.GetFullPath(repo);
        var config = File.Exists(Path.Combine(root, ConfigLoader.FileName)) ? ConfigLoader.Load(root, AgentAdapters.Builtin.Kinds).Config.Theme : null;
        var mode = ColorModeDetector.FromEnvironment();
        var theme = ThemeLoader.Select(pr.GetValue(Theme), config, root, mode == ColorMode.NoColor);
        return new DashboardApp(new Core.Storage.RunPaths(root), theme, Glyphs.For(pr.GetValue(Ascii)), mode, EngineLauncher.Detached)
        {
            QueueRun = target?.QueueRun,
            Greeting = target?.Greeting,
        };
    }
}
