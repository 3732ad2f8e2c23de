using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Plans;

/// <summary>Where `ias run sprint-plan` finds its sprints: the plan file, else the Loa sprint ledger, else the a2a sprint folders.</summary>
public sealed class SprintDiscoveryTests
{
    /// <summary>A ledger as the Loa ledger tools write it: an archived cycle, and an active one with sprints 3 (done) to 5.</summary>
    private const string Ledger = """
        {
          "version": 1,
          "next_sprint_number": 6,
          "active_cycle": "cycle-002",
          "cycles": [
            {"id": "cycle-001", "label": "MVP", "status": "archived", "sprints": [
              {"global_id": 1, "local_label": "sprint-1", "status": "completed"},
              {"global_id": 2, "local_label": "sprint-2", "status": "completed"}]},
            {"id": "cycle-002", "label": "Greetings", "status": "active", "sprints": [
              {"global_id": 3, "local_label": "sprint-1", "status": "completed", "created": "2026-01-17T10:00:00Z", "completed": "2026-01-18T10:00:00Z"},
              {"global_id": 4, "local_label": "sprint-2", "status": "planned", "created": "2026-01-17T10:00:00Z", "completed": null},
              {"global_id": 5, "local_label": "sprint-3", "status": "in_progress", "created": "2026-01-17T10:00:00Z", "completed": null}]}
          ]
        }
        """;

    [Fact]
    public async Task The_plan_file_comes_first_then_the_ledgers_active_cycle_then_the_a2a_sprint_folders()
    {
        using var repo = new TestRepo();
        await WriteAsync(repo, "grimoires/loa/ledger.json", Ledger);
        await WriteAsync(repo, "grimoires/loa/a2a/sprint-4/sprint.md", "## Sprint 4: greet by name\n\n- Task 4.1: the greeting names the user\n");
        await WriteAsync(repo, "grimoires/loa/a2a/sprint-7/engineer-feedback.md", "# Review of sprint-7, cycle 1\n");
        await CommitAsync(repo, "three sources");

        var fromPlan = await repo.IasAsync("run", "sprint-plan", "--dry-run", "--local");

        AssertExit(0, fromPlan);
        Assert.Contains("source      grimoires/loa/sprint.md\n  sprints     sprint-1, sprint-2\n", fromPlan.Out);

        await Shell.GitAsync(repo.Path, "rm", "-q", "grimoires/loa/sprint.md");
        await CommitAsync(repo, "no plan file");
        var fromLedger = await repo.IasAsync("run", "sprint-plan", "--dry-run", "--local");

        AssertExit(0, fromLedger);
        Assert.Contains("source      grimoires/loa/ledger.json (cycle cycle-002)\n  sprints     sprint-3 (completed: skipped), sprint-4, sprint-5\n", fromLedger.Out);

        await Shell.GitAsync(repo.Path, "rm", "-q", "grimoires/loa/ledger.json");
        await CommitAsync(repo, "no ledger");
        var fromFolders = await repo.IasAsync("run", "sprint-plan", "--dry-run", "--local");

        AssertExit(0, fromFolders);
        Assert.Contains("source      the grimoires/loa/a2a/sprint-N folders\n  sprints     sprint-4, sprint-7\n", fromFolders.Out);
        Assert.False(Directory.Exists(repo.File(".run")), "a dry run writes nothing");
    }

    [Fact]
    public async Task A_plan_from_the_ledger_runs_its_pending_sprints_with_their_a2a_text_and_marks_each_COMPLETED()
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "rm", "-q", "grimoires/loa/sprint.md");
        const string Sprint5 = ",\n      {\"global_id\": 5, \"local_label\": \"sprint-3\", \"status\": \"in_progress\", \"created\": \"2026-01-17T10:00:00Z\", \"completed\": null}";
        Assert.Contains(Sprint5, Ledger);
        await WriteAsync(repo, "grimoires/loa/ledger.json", Ledger.Replace(Sprint5, "", StringComparison.Ordinal));
        await WriteAsync(repo, "grimoires/loa/a2a/sprint-4/sprint.md", "## Sprint 4: greet by name\n\n- Task 4.1: the greeting names the user\n");
        await CommitAsync(repo, "ledger");

        var run = await repo.IasAsync("run", "sprint-plan", "--local", "--headless");

        AssertExit(0, run);
        Assert.Contains("sprint-3 already completed: skipped", run.Out);
        var branch = System.Text.Json.JsonDocument.Parse(File.ReadAllText(repo.File(".run", "sprint-plan-state.json"))).RootElement.GetProperty("branch").GetString()!;
        var log = await Shell.GitAsync(repo.Path, "log", "--format=%s", $"main..{branch}");
        Assert.DoesNotContain("sprint-3", log);
        Assert.Contains("feat(sprint-4): cycle 1", log);
        Assert.StartsWith("sprint-4 COMPLETED ", await repo.OnBranchAsync("grimoires/loa/a2a/sprint-4/COMPLETED", branch));
        var prompt = File.ReadAllText(Path.Combine(Directory.GetDirectories(repo.File(".run", "jobs"), "*-c1-implement-*").Single(), "prompt.md"));
        Assert.Contains("- Task 4.1: the greeting names the user", prompt);
    }

    [Theory]
    [InlineData("{\"active_cycle\": \"cycle-002\",\n  \"cycles\": [}", "grimoires/loa/ledger.json:2:14: the sprint ledger is not valid JSON")]
    [InlineData("{\"active_cycle\": \"cycle-002\", \"cycles\": \"none\"}", "grimoires/loa/ledger.json: the sprint ledger is malformed: cycles must be a list (got string)")]
    [InlineData("{\"active_cycle\": \"cycle-009\", \"cycles\": []}", "grimoires/loa/ledger.json: the sprint ledger is malformed: active_cycle \"cycle-009\" is not one of its cycles")]
    public async Task A_malformed_ledger_is_one_line_naming_it_and_nothing_is_written(string ledger, string error)
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "rm", "-q", "grimoires/loa/sprint.md");
        await WriteAsync(repo, "grimoires/loa/ledger.json", ledger);
        await CommitAsync(repo, "bad ledger");
        var head = await Shell.GitAsync(repo.Path, "rev-parse", "HEAD");

        var run = await repo.IasAsync("run", "sprint-plan", "--local", "--headless");

        AssertExit(2, run);
        var line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ias: {error}", line);
        Assert.EndsWith("fix it, or move it away to plan from the a2a folders", line);
        Assert.False(File.Exists(repo.File(".run", "sprint-plan-state.json")));
        Assert.Equal(head, await Shell.GitAsync(repo.Path, "rev-parse", "HEAD"));
        Assert.Equal("main", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
    }

    private static async Task WriteAsync(TestRepo repo, string path, string text)
    {
        var full = repo.File(path.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, text);
    }

    private static async Task CommitAsync(TestRepo repo, string message)
    {
        await Shell.GitAsync(repo.Path, "add", "-A");
        await Shell.GitAsync(repo.Path, "commit", "-qm", message);
    }
}
