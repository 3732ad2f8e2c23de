using System.CommandLine;
using Ias.Core.Config;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;
using Ias.Core.Sandbox;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Dashboard;

namespace Ias.Tui.Commands;

/// <summary>`ias demo`: a real Run Mode sprint with the simulated agent, in a throwaway git repository.</summary>
public static class DemoCommand
{
    // The config's first line marks a demo repository, so --clean removes only what a demo made.
    private const string WrittenBy = "# Written by `ias demo`";

    private const string Config = """
        # Written by `ias demo`: Run Mode on, every role played by the built-in simulated agent.
        run_mode:
          enabled: true
          defaults:
            max_cycles: 6
            timeout_hours: 1
          git:
            branch_prefix: "feature/"
        agents:
          default:
            agent: sim
        """;

    private const string Plan = """
        # Demo sprint plan

        ## Sprint 1: greeting feature

        - Task 1.1: add a feature file describing the greeting
        - Task 1.2: record each cycle's work in its own note

        ## Sprint 2: follow-up

        - Task 2.1: polish
        """;

    // At a terminal the simulated agent drips its output so a person can watch the loop go round; slow gives them time
    // to halt (h) and resume (r) a real run by hand.
    private static readonly Dictionary<string, int> PaceMs = new() { ["normal"] = 120, ["slow"] = 1000 };

    /// <summary>
    /// The simulated agents' environment in a demo's repository: the scenario the demo wrote there, for every engine of its
    /// run (a resume by `r` or `ias run-resume` too, which start without the demo's environment), so its pace holds to the end.
    /// </summary>
    internal static Dictionary<string, string> AgentEnvironment(RunPaths paths) =>
        File.Exists(Scenario(paths)) ? new() { ["IAS_SIM_SCENARIO"] = Scenario(paths) } : [];

    private static string Scenario(RunPaths paths) => Path.Combine(paths.RunDir, "demo-scenario.json");

    private static string Paced(int ms) => $$"""
        {"slow_ms": {{ms}}, "fail": [
          {"role": "{{Role.Implementer}}", "mode": "slow"},
          {"role": "{{Role.Reviewer}}", "mode": "slow"},
          {"role": "{{Role.Auditor}}", "mode": "slow"}
        ]}
        """;

    public static Command Create()
    {
        var headless = new Option<bool>("--headless") { Description = "Plain progress lines (one per transition) instead of the dashboard" };
        var dir = new Option<string?>("--dir") { Description = "Where to create the demo repository (default: a new temporary folder)" };
        var pace = new Option<string?>("--pace")
        {
            Description = "How fast the simulated agent writes: normal (at a terminal; headless runs flat out), or slow, about a minute a sprint, to watch it and try h (halt) and r (resume)",
        };
        pace.AcceptOnlyFromAmong([.. PaceMs.Keys]);
        var clean = new Option<bool>("--clean") { Description = "Remove the repositories your earlier demos left in the temporary folder (and their agent workspaces), listed first and asked once, except one still running; runs no demo" };
        var yes = new Option<bool>("--yes", "-y") { Description = "With --clean: remove without asking (for scripts)" };
        var cmd = new Command("demo", "Run sprint-1 in a throwaway repository with the simulated agent, in the dashboard") { headless, dir, pace, clean, yes };
        DisplayOptions.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            if (pr.GetValue(clean))
            {
                var mine = CheckoutRegistry.ForUser().Checkouts();
                var answer = pr.GetValue(yes);
                Console.WriteLine(Clean(Path.GetTempPath(), mine, found =>
                {
                    found.ToList().ForEach(repo => Console.WriteLine($"to remove: {repo}"));
                    if (answer || found.Count == 0)
                    {
                        return true;
                    }

                    return PushPrompt.CanAsk
                        ? PushPrompt.Ask($"remove these {found.Count} demo repositor{(found.Count == 1 ? "y" : "ies")}? [y/N]") == true
                        : throw new RunModeException("no terminal to ask at, so nothing was removed: pass --yes to remove the demos above");
                }));
                return 0;
            }

            var repo = pr.GetValue(dir) is { } d ? Path.GetFullPath(d) : Directory.CreateTempSubdirectory("ias-demo-").FullName;
            Create(repo);

            // The demo runs on a fresh machine: in the box where bubblewrap works, otherwise unsandboxed, and it says so.
            var unboxed = BoxProbe.Problem();
            var noBox = unboxed is not null;
            if (noBox)
            {
                Console.WriteLine($"the simulated agent runs unsandboxed: {unboxed}");
            }

            var paths = new RunPaths(repo);
            var interactive = !pr.GetValue(headless) && EngineLauncher.Interactive;
            if ((interactive ? pr.GetValue(pace) ?? "normal" : pr.GetValue(pace)) is { } chosen)
            {
                paths.EnsureCreated();
                File.WriteAllText(Scenario(paths), Paced(PaceMs[chosen]));
            }

            if (interactive)
            {
                var exit = await DisplayOptions.Watch(pr, repo, ct, () => EngineLauncher.Start(paths, ["run", "sprint-1", "--local", .. (noBox ? ["--no-sandbox"] : Array.Empty<string>())]), DashboardTarget.Start("sprint-1"));
                Console.WriteLine($"demo repository: {repo} ({CleanHint})");
                return exit;
            }

            Console.WriteLine($"demo repository: {repo} ({CleanHint})");
            using var host = EngineHost.Open(repo, Console.WriteLine, noBox);
            var cfg = host.Context.Config.RunMode;
            var run = await new RunEngine(host.Context).StartAsync(
                new StartRequest("sprint-1", new RunOptions(cfg.MaxCycles, cfg.TimeoutHours, Local: true), null), ct);
            var code = RunCommand.Summarise(run, null); // the farewell below says where the checkout is
            foreach (var line in Farewell.Lines(paths))
            {
                Console.WriteLine(line);
            }

            return code;
        });
        return cmd;
    }

    private const string CleanHint = "ias demo --clean removes the finished demos' repositories";

    /// <summary>
    /// Removes the `ias-demo-*` repositories in <paramref name="temp"/> that this user's demos made (those among
    /// <paramref name="mine"/>, the user's registry of checkouts) and their workspaces, once <paramref name="confirm"/> says
    /// yes to the list; any whose engine still runs is kept. A folder without the demo's own files, or another user's or
    /// another state folder's demo, is not ours and stays. Says what it did in one line.
    /// </summary>
    public static string Clean(string temp, IReadOnlyList<string> mine, Func<IReadOnlyList<string>, bool> confirm)
    {
        ArgumentNullException.ThrowIfNull(confirm);
        var demos = Directory.EnumerateDirectories(temp, "ias-demo-*")
            .Select(Path.GetFullPath)
            .Where(repo => mine.Contains(repo, StringComparer.Ordinal) && IsDemo(repo))
            .Order(StringComparer.Ordinal)
            .ToList();
        var running = demos.Where(repo => EngineLock.IsHeld(new RunPaths(repo).EngineLock, out _)).ToList();
        var finished = demos.Except(running).ToList();
        if (!confirm(finished))
        {
            return $"removed nothing from {Path.TrimEndingDirectorySeparator(temp)}";
        }

        var (removed, failed) = (0, new List<string>());
        foreach (var repo in finished)
        {
            try
            {
                var workspaces = Workspace.Root(repo);
                Directory.Delete(repo, recursive: true);
                if (Directory.Exists(workspaces))
                {
                    Directory.Delete(workspaces, recursive: true);
                }

                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add($"{repo} ({e.Message})");
            }
        }

        return $"removed {removed} demo repositor{(removed == 1 ? "y" : "ies")} from {Path.TrimEndingDirectorySeparator(temp)}"
            + (running.Count > 0 ? $"; kept {running.Count} still running (halt it with ias run-halt --repo PATH first)" : "")
            + (failed.Count > 0 ? $"; could not remove {string.Join(", ", failed)}: remove it by hand" : "");
    }

    private static bool IsDemo(string repo)
    {
        var config = Path.Combine(repo, ".loa.config.yaml");
        return File.Exists(config) && File.ReadAllText(config).StartsWith(WrittenBy, StringComparison.Ordinal);
    }

    /// <summary>A fresh repository on main with the config and a two-sprint plan committed.</summary>
    public static void Create(string repo)
    {
        Directory.CreateDirectory(repo);
        if (Directory.EnumerateFileSystemEntries(repo).Any())
        {
            throw new RunModeException($"{repo} is not empty: pass --dir with a new or empty folder");
        }

        var git = new GitCli(repo);
        git.Run("init", "--quiet", "--initial-branch=main");
        git.Run("config", "user.name", "ias demo");
        git.Run("config", "user.email", "demo@ias.invalid");
        File.WriteAllText(Path.Combine(repo, ".loa.config.yaml"), Config + "\n");
        Directory.CreateDirectory(Path.Combine(repo, "grimoires", "loa"));
        File.WriteAllText(Path.Combine(repo, "grimoires", "loa", "sprint.md"), Plan + "\n");
        File.WriteAllText(Path.Combine(repo, "README.md"), "# Demo project\n\nA throwaway repository made by `ias demo`.\n");
        git.Run("add", "-A");
        git.Run("commit", "--quiet", "-m", "Initial commit: config and sprint plan");
    }
}
