using System.Diagnostics;
using System.Text.RegularExpressions;
using Ias.Core.Sandbox;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Commands;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The README's quick start on a fresh clone: the demo command the README gives, typed at a terminal in the clone,
/// builds ias and runs the demo's sprint to its end, and `q` leaves the lines that say where the work is.
/// </summary>
public sealed partial class QuickStartTests
{
    // The first build in a fresh clone restores and compiles every project (a minute or two on 2 cores); a loaded machine
    // makes it longer, and only a hang should reach this.
    private static readonly TimeSpan BuildAndSprint = TimeSpan.FromMinutes(15);

    /// <summary>What the build leaves running is ended with it, whatever the machine's own settings: no reused MSBuild nodes, no compiler server.</summary>
    private static readonly Dictionary<string, string> NoLingeringBuildProcesses = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["UseSharedCompilation"] = "false",
    };

    [Fact]
    public async Task A_fresh_clone_runs_the_readmes_demo_command_to_a_finished_sprint_and_is_told_where_the_work_is()
    {
        Tmux.AssertInstalled();
        using var dir = new TempDir();
        var clone = dir.Combine("ias");
        var source = SourceRepository();
        var head = (await GitAsync(source, "rev-parse", "HEAD")).Trim();
        await GitAsync(dir.Path, "clone", "--quiet", "--no-hardlinks", "--no-checkout", source, clone);
        await GitAsync(clone, "checkout", "--quiet", "--detach", head);

        var readme = await File.ReadAllTextAsync(Path.Combine(clone, "README.md"));
        var demo = QuickStartDemoCommand(readme);
        Assert.Contains(demo, TopCommands(readme), StringComparison.Ordinal);
        Assert.Contains("dotnet test", TopCommands(readme), StringComparison.Ordinal);

        string? repo = null;
        try
        {
            using var tmux = Tmux.StartShell(100, 30, clone, demo, NoLingeringBuildProcesses, AddedByTheTestRun());
            // dotnet run builds quietly: the clone's first build says so on the terminal before it starts, and stays on screen through it.
            const string Building = "ias: the first build of this clone, about 2 minutes on 2 cores";
            var building = await tmux.WaitForAsync(s => s.Contains(Building, StringComparison.Ordinal) || s.Contains(" DONE ", StringComparison.Ordinal) || s.Contains("[exited ", StringComparison.Ordinal), "the first build's line", BuildAndSprint);
            Assert.True(building.Contains(Building, StringComparison.Ordinal), $"the first build said nothing:\n{building}");
            var done = await tmux.WaitForAsync(s => s.Contains(" DONE ", StringComparison.Ordinal) || s.Contains("[exited ", StringComparison.Ordinal), "the demo's sprint DONE", BuildAndSprint);
            var header = done.Split('\n')[0];
            Assert.True(header.StartsWith("ias  DONE ", StringComparison.Ordinal), $"the dashboard never showed the sprint done:\n{done}");
            Assert.Contains("│ sprint-1 │ feature/sprint-1 │", header, StringComparison.Ordinal);

            tmux.Keys("q");
            await tmux.WaitForAsync("[exited ", TimeSpan.FromMinutes(1));
            var after = tmux.CaptureJoined();
            Assert.True(after.Contains("[exited 0]", StringComparison.Ordinal), after);
            var lines = after.Split('\n').Select(l => l.TrimEnd()).ToList();

            repo = Assert.Single(lines, l => l.StartsWith("demo repository: ", StringComparison.Ordinal))["demo repository: ".Length..].Split(" (", 2)[0];
            var branch = Assert.Single(DemoTests.CommandsAfter(lines, "sprint-1 DONE — passed; its work is on branch feature/sprint-1:"));
            Assert.Contains("chore(sprint-1): COMPLETED", (await TypedAsync(branch)).Out, StringComparison.Ordinal);
            Assert.Contains($"the PR text, to open it by hand: {repo}/.run/pr.md", lines);
            Assert.True(File.Exists(Path.Combine(repo, ".run", "pr.md")));

            // Whether the engine was still finishing when q came or had gone, the first command watches the run again,
            // written as typed from anywhere: `ias` when it is on PATH, else the program `dotnet run` built in the clone.
            var comeBack = Assert.Single(lines, l => l.StartsWith(Farewell.CommandIndent, StringComparison.Ordinal) && l.EndsWith($" dashboard --repo {repo}", StringComparison.Ordinal));
            var program = comeBack.Trim()[..^$" dashboard --repo {repo}".Length];
            Assert.True(program == "ias" || program.StartsWith(clone + "/", StringComparison.Ordinal), $"the program to type is {program}");
            var status = await TypedAsync($"{program} run-status --repo {repo}");
            Assert.True(status.Code == 0 && status.Out.Contains("JACKED_OUT", StringComparison.Ordinal), $"run-status: exit {status.Code}\n{status.Out}");
        }
        finally
        {
            // The demo makes its repository in the system's temp folder, and the agent's workspace under the cache.
            if (repo is not null)
            {
                DeleteIfThere(Workspace.Root(repo));
                DeleteIfThere(repo);
            }
        }
    }

    /// <summary>The quick start's demo: the first command of the first shell block under "## Quick start", without its comment.</summary>
    private static string QuickStartDemoCommand(string readme)
    {
        var start = readme.IndexOf("\n## Quick start\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no \"## Quick start\" section");
        var block = ShellBlock().Match(readme, start);
        Assert.True(block.Success, "the README's quick start has no ```sh block");
        var command = block.Groups[1].Value.Split('\n')[0].Split(" #")[0].Trim();
        Assert.Matches(@"(^|\s)demo($|\s)", command);
        return command;
    }

    /// <summary>The shell block above the README's first section: the two commands a fresh machine needs.</summary>
    private static string TopCommands(string readme)
    {
        var firstSection = readme.IndexOf("\n## ", StringComparison.Ordinal);
        var block = ShellBlock().Match(readme[..firstSection]);
        Assert.True(block.Success, "the README gives no commands above its first section");
        return block.Groups[1].Value;
    }

    /// <summary>
    /// The variables `dotnet test` sets for its test host (the SDK's MSBuild paths, the host's path, the test platform's),
    /// which a person's shell does not have and which would steer the clone's build.
    /// </summary>
    private static IEnumerable<string> AddedByTheTestRun() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(name =>
            name.StartsWith("MSBuild", StringComparison.Ordinal) || name.StartsWith("_MSBUILD", StringComparison.Ordinal)
            || name is "MSBUILDENSURESTDOUTFORTASKPROCESSES" or "MSBUILDFAILONDRIVEENUMERATINGWILDCARD" or "DOTNET_HOST_PATH"
            || name.StartsWith("DOTNET_ROOT_", StringComparison.Ordinal) || name.StartsWith("VSTEST_", StringComparison.Ordinal)
            || name.StartsWith("IAS_", StringComparison.Ordinal));

    /// <summary>The repository these tests were built from: the folder above the test assembly that holds Ias.Tui.sln.</summary>
    internal static string SourceRepository()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Ias.Tui.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Ias.Tui.sln");
    }

    /// <summary>Runs a command line as a person would type it, in a shell started in the root folder, far from the repository.</summary>
    private static async Task<(int Code, string Out)> TypedAsync(string commandLine)
    {
        var psi = new ProcessStartInfo("bash", ["-c", commandLine]) { WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (p.ExitCode, await output + await error);
    }

    private static async Task<string> GitAsync(string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: exit {p.ExitCode}\n{await error}");
        return await output;
    }

    private static void DeleteIfThere(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
