using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The counters a run writes in more than one place say the same through the real `ias`: the cycle in state.json and in
/// circuit-breaker.json, and the files changed in state.json's metrics, the draft PR and a bug's own state, which all count
/// the distinct files the run changed on its branch, as its PR shows them.
/// </summary>
public sealed class CounterAgreementTests
{
    [Fact]
    public async Task A_run_halted_at_its_cycle_limit_keeps_one_cycle_count_in_both_files()
    {
        using var repo = new TestRepo();

        // Review findings in cycle 1 ask for a cycle 2 that the limit of 1 never lets start.
        var run = await repo.IasAsync("run", "sprint-1", "--max-cycles", "1", "--headless");

        AssertExit(1, run);
        Assert.Contains("cycle 2 exceeds the limit of 1 cycles", run.Out);
        var state = State(repo);
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Equal(1, state.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal(1, BreakerCycle(repo));
    }

    [Fact]
    public async Task After_a_trip_and_a_resume_both_files_keep_one_cycle_count()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync((await File.ReadAllTextAsync(repo.ConfigPath)).Replace("run_mode:\n", "run_mode:\n  circuit_breaker:\n    no_progress_threshold: 1\n", StringComparison.Ordinal));
        var scenario = await Scenario.WriteAsync(repo, """{"implement_no_changes_cycles": [1]}""");

        var tripped = await repo.IasAsync(scenario, "run", "sprint-1", "--headless");

        AssertExit(1, tripped);
        Assert.Equal("HALTED", State(repo).GetProperty("state").GetString());
        Assert.Equal(1, State(repo).GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal(1, BreakerCycle(repo));

        var resumed = await repo.IasAsync(scenario, "run-resume", "--reset-ice", "--headless");

        AssertExit(0, resumed);
        var cycle = State(repo).GetProperty("cycles").GetProperty("current").GetInt32();
        Assert.True(cycle >= 2, $"cycle {cycle}");
        Assert.Equal(cycle, BreakerCycle(repo));
    }

    [Fact]
    public async Task After_the_red_team_gates_re_implementation_both_files_keep_one_cycle_count()
    {
        using var repo = new TestRepo();
        Directory.CreateDirectory(repo.File("grimoires", "loa"));
        await File.WriteAllTextAsync(repo.File("grimoires", "loa", "sdd.md"), "# Design\n\nThe greeting names the user.\n");
        await File.AppendAllTextAsync(repo.ConfigPath, "red_team:\n  code_vs_design:\n    enabled: true\n");
        await Shell.GitAsync(repo.Path, "add", "-A");
        await Shell.GitAsync(repo.Path, "commit", "-qm", "design and gate");
        var scenario = await Scenario.WriteAsync(repo, """{"red_team_divergence_cycles": [2]}""");

        var run = await repo.IasAsync(scenario, "run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Equal(3, State(repo).GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal(3, BreakerCycle(repo));
    }

    [Fact]
    public async Task A_runs_files_changed_counts_each_file_of_its_branch_once_in_state_json_and_the_PR()
    {
        using var repo = new TestRepo();

        // Two implement cycles edit the same feature file; the reviewer of the PR sees it once.
        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        var state = State(repo);
        var branch = state.GetProperty("branch").GetString()!;
        var onBranch = (await Shell.GitAsync(repo.Path, "diff", "--name-only", $"main..{branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var filesChanged = state.GetProperty("metrics").GetProperty("files_changed").GetInt32();

        // ias's own record of the sprint (feedback, COMPLETED) is on the branch too, but is not the agents' work.
        var record = onBranch.Where(p => p.StartsWith("grimoires/loa/a2a/sprint-1/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["grimoires/loa/a2a/sprint-1/COMPLETED", "grimoires/loa/a2a/sprint-1/auditor-sprint-feedback.md", "grimoires/loa/a2a/sprint-1/engineer-feedback.md"], record);
        Assert.Equal(onBranch.Length - record.Count, filesChanged);
        Assert.Contains("sim/sprint-1/feature.txt", onBranch);
        Assert.Matches($@"\| 2 of 6 \| \d+ \| {filesChanged} \| \+\d+ −\d+ \|", await File.ReadAllTextAsync(repo.File(".run", "pr.md")));
    }

    [Fact]
    public async Task A_bug_runs_files_and_lines_changed_agree_in_its_state_its_runs_state_and_its_PR()
    {
        using var repo = new TestRepo();
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "--bug", "Greeting is empty for blank names", "--local", "--headless");

        AssertExit(0, run);
        var bugDir = Assert.Single(Directory.GetDirectories(repo.File(".run", "bugs")));
        var confidence = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bugDir, "state.json"))).RootElement.GetProperty("confidence");
        var files = confidence.GetProperty("files_changed").GetInt32();
        var lines = confidence.GetProperty("lines_changed").GetInt32();
        Assert.True(files >= 1, $"files_changed {files}");
        Assert.Equal(files, State(repo).GetProperty("metrics").GetProperty("files_changed").GetInt32());
        var pr = await File.ReadAllTextAsync(repo.File(".run", "pr.md"));
        Assert.Contains($"- Files changed: {files}\n", pr);
        Assert.Contains($"- Lines changed: {lines}\n", pr);
    }

    private static int BreakerCycle(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement
            .GetProperty("triggers").GetProperty("cycle_count").GetProperty("current").GetInt32();
}
