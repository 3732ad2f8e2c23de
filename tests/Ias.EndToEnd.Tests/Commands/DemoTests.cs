using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Sandbox;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Commands;

namespace Ias.EndToEnd.Tests.Commands;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_headless_runs_a_findings_loop_and_ends_JACKED_OUT_with_state_files_matching_004()
    {
        using var dir = new TempDir();
        var repo = dir.Combine("demo");

        var (code, stdout, stderr) = await IasProcess.RunAsync(dir.Path, "demo", "--headless", "--dir", repo);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("sprint-1 DONE — passed", stdout);
        Assert.Contains(repo, stdout);

        var run = Path.Combine(repo, ".run");
        var state = Schema.AssertMatches(Path.Combine(run, "state.json"), Schema.State);
        Schema.AssertMatches(Path.Combine(run, "circuit-breaker.json"), Schema.Breaker);
        Schema.AssertMatches(Path.Combine(run, "rate-limit.json"), Schema.RateLimit);

        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        var history = state.GetProperty("cycles").GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(history, h => h.GetProperty("phase").GetString() == "REVIEW" && h.GetProperty("findings").GetInt32() > 0);
        Assert.True(state.GetProperty("cycles").GetProperty("current").GetInt32() >= 2, "at least one findings loop");
        // One commit per implement phase, and the sprint's COMPLETED commit.
        Assert.Equal(state.GetProperty("cycles").GetProperty("current").GetInt32() + 1, state.GetProperty("metrics").GetProperty("commits").GetInt32());

        // The database tells the same story as the mirror.
        using var store = RunStore.Open(Path.Combine(run, "ias.db"));
        var db = new RunRecords(store).CurrentRun()!;
        Assert.Equal(state.GetProperty("run_id").GetString(), db.RunId);
        Assert.Equal(RunState.JackedOut, db.State);
        Assert.Equal(history.Count, db.CycleHistory.Count);
        Assert.Equal(history.Count, new RunRecords(store).Phases(db.RunId).Count);
        Assert.Contains(new RunRecords(store).Events(db.RunId), e => e.Message.Contains("COMPLETE → JACKED_OUT"));

        // Real commits on a feature branch, one per implement phase with the sprint marker, then the COMPLETED commit.
        var log = (await Git(repo, "log", "--reverse", "--format=%s", "main..feature/sprint-1")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(log[..^1], s => Assert.StartsWith("feat(sprint-1): cycle ", s));
        Assert.StartsWith("chore(sprint-1): COMPLETED — ", log[^1]);
        Assert.Equal(db.Commits, log.Length);

        // .run/ never shows up as untracked work.
        Assert.Contains(".run/", await File.ReadAllTextAsync(Path.Combine(repo, ".git", "info", "exclude")));
        Assert.Equal("", (await Git(repo, "status", "--porcelain")).Trim());

        // run-status --json agrees and exits 0 for a finished run.
        var status = await IasProcess.RunAsync(dir.Path, "run-status", "--json", "--repo", repo);
        Assert.Equal(0, status.Code);
        var json = JsonDocument.Parse(status.Out).RootElement;
        Assert.Equal("JACKED_OUT", json.GetProperty("state").GetString());
        Assert.False(json.GetProperty("pushed").GetBoolean()); // the demo is a local run: nothing leaves the machine
        Assert.Equal(JsonValueKind.Null, json.GetProperty("pr_url").ValueKind);

        // What ias keeps per user (the registry of checkouts, the box's workspaces) is the test run's, never the person's.
        Assert.Contains(repo, new CheckoutRegistry(CheckoutRegistry.UserFolder(StateHome.For(dir.Path), null)).Checkouts());
        Assert.True(Directory.Exists(Workspace.Root(repo)), "the box's workspace, under the private cache");
        Assert.StartsWith(PrivateHome.Folder, Workspace.Root(repo), StringComparison.Ordinal);
        var persons = new CheckoutRegistry(CheckoutRegistry.UserFolder(null, PrivateHome.PersonsHome)).ListFile;
        Assert.False(File.Exists(persons) && (await File.ReadAllTextAsync(persons)).Contains(repo, StringComparison.Ordinal), persons);
        Assert.False(Directory.Exists(Path.Combine(PrivateHome.PersonsHome!, ".cache", "ias", "workspaces", Path.GetFileName(Workspace.Root(repo)))));
    }

    [Fact]
    public async Task A_demo_repositorys_scenario_is_every_engines_so_a_resumed_demo_keeps_its_pace()
    {
        // `r` and `ias run-resume` start an engine without the demo's environment: the scenario the demo wrote in .run/ is
        // what its simulated agents read, whichever engine starts them. This one's first review passes, where the built-in
        // scenario's finds something and takes a second cycle.
        using var repo = new TestRepo();
        Directory.CreateDirectory(repo.File(".run"));
        await File.WriteAllTextAsync(repo.File(".run", "demo-scenario.json"), """{"review_findings_cycles": []}""");

        var run = await repo.IasAsync("run", "sprint-1", "--local", "--headless");

        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Contains("JACKED_OUT", run.Out, StringComparison.Ordinal);
        Assert.Contains("cycle 1/", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("cycle 2/", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demos_closing_lines_give_commands_that_work_as_typed_from_elsewhere_and_name_the_branch_and_the_PR_text()
    {
        using var dir = new TempDir();
        var repo = dir.Combine("demo");

        var (code, stdout, stderr) = await IasProcess.RunAsync(dir.Path, "demo", "--headless", "--dir", repo);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n');
        var look = CommandsAfter(lines, "look again:");
        Assert.Contains(" dashboard --repo ", look[0]);
        var status = await ShellAsync(look[1]);
        Assert.True(status.Code == 0 && status.Out.Contains("JACKED_OUT", StringComparison.Ordinal), $"`{look[1]}` typed in a shell: exit {status.Code}\n{status.Out}");

        var work = CommandsAfter(lines, "sprint-1 DONE — passed; its work is on branch feature/sprint-1:");
        Assert.Contains("chore(sprint-1): COMPLETED", (await ShellAsync(Assert.Single(work))).Out);

        var prText = Path.Combine(repo, ".run", "pr.md");
        Assert.Contains($"the PR text, to open it by hand: {prText}", lines);
        Assert.True(File.Exists(prText));
    }

    /// <summary>The commands on the indented lines under <paramref name="header"/>, each as a person would copy it.</summary>
    internal static List<string> CommandsAfter(IReadOnlyList<string> lines, string header)
    {
        var at = lines.ToList().IndexOf(header);
        Assert.True(at >= 0, $"no line \"{header}\" in:\n{string.Join('\n', lines)}");
        return [.. lines.Skip(at + 1).TakeWhile(l => l.StartsWith(Farewell.CommandIndent, StringComparison.Ordinal)).Select(l => l.Trim())];
    }

    /// <summary>Runs a command line as a person would type it, in a shell started in the root folder, far from the repository.</summary>
    private static async Task<(int Code, string Out)> ShellAsync(string commandLine)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("bash", ["-c", commandLine]) { WorkingDirectory = "/", RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, output);
    }

    internal static async Task<string> Git(string repo, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return output;
    }
}
