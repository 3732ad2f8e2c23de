using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Plans;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Plans;

/// <summary>The git-aware sync fires when all three conditions hold and in none of the listed exceptions: one test each.</summary>
public sealed class SprintPlanStateSyncTests
{
    private const string Pattern = @"^feat\(sprint-";
    private static readonly DateTimeOffset Now = new(2026, 1, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] FourSprints =
    [
        "feat(sprint-4): cycle 1 — last",
        "feat(sprint-3): cycle 2 — fix",
        "feat(sprint-2): cycle 1 — more",
        "feat(sprint-1): cycle 1 — first",
    ];

    [Fact]
    public void All_three_conditions_hold_so_the_plan_is_marked_jacked_out_as_inferred_from_git()
    {
        var r = SprintPlanStateSync.Evaluate(State("RUNNING", total: 4), FourSprints, Pattern, "main", Now);

        Assert.True(r.Synced);
        Assert.Equal("""{"synced":true,"reason":"git_inferred_completion","commits_found":4,"commits_expected":4,"base_branch":"main"}""", r.ToJson());
        var updated = JsonDocument.Parse(r.UpdatedJson!).RootElement;
        Assert.Equal("JACKED_OUT", updated.GetProperty("state").GetString());
        Assert.True(updated.GetProperty("git_inferred").GetBoolean());
        Assert.Equal("2026-01-28T12:00:00Z", updated.GetProperty("git_inferred_at").GetString());
        Assert.Equal("plan-20260128-abc123", updated.GetProperty("plan_id").GetString());
        Assert.Equal(4, updated.GetProperty("sprints").GetProperty("list").GetArrayLength());
    }

    [Fact]
    public void Condition_one_fails_when_the_state_is_already_jacked_out()
    {
        var r = SprintPlanStateSync.Evaluate(State("JACKED_OUT", total: 4), FourSprints, Pattern, "main", Now);

        Assert.Equal((false, SprintPlanSync.NotRunning, (string?)null), (r.Synced, r.Reason, r.UpdatedJson));
    }

    [Fact]
    public void Condition_one_fails_when_the_state_is_halted()
    {
        var r = SprintPlanStateSync.Evaluate(State("HALTED", total: 4), FourSprints, Pattern, "main", Now);

        Assert.Equal((false, SprintPlanSync.NotRunning), (r.Synced, r.Reason));
    }

    [Fact]
    public void Condition_two_fails_when_neither_sprints_total_nor_the_list_gives_a_positive_count()
    {
        var json = """{"plan_id": "p", "state": "RUNNING", "sprints": {"total": 0, "completed": 0, "list": []}}""";

        var r = SprintPlanStateSync.Evaluate(json, FourSprints, Pattern, "main", Now);

        Assert.Equal((false, SprintPlanSync.NoSprintTotal, 0), (r.Synced, r.Reason, r.CommitsExpected));
    }

    [Fact]
    public void Condition_two_takes_the_list_length_when_sprints_total_is_missing()
    {
        var json = """{"state": "RUNNING", "sprints": {"list": [{"id": "sprint-1"}, {"id": "sprint-2"}]}}""";

        var r = SprintPlanStateSync.Evaluate(json, FourSprints[2..], Pattern, "main", Now);

        Assert.Equal((true, 2, 2), (r.Synced, r.CommitsFound, r.CommitsExpected));
    }

    [Fact]
    public void Condition_three_fails_for_an_in_flight_run_with_no_commits_yet()
    {
        var r = SprintPlanStateSync.Evaluate(State("RUNNING", total: 4), [], Pattern, "main", Now);

        Assert.Equal((false, SprintPlanSync.StillRunning, 0, 4, (string?)null), (r.Synced, r.Reason, r.CommitsFound, r.CommitsExpected, r.UpdatedJson));
    }

    [Fact]
    public void Condition_three_fails_for_a_partial_run_with_fewer_commits_than_sprints()
    {
        var r = SprintPlanStateSync.Evaluate(State("RUNNING", total: 4), FourSprints[1..], Pattern, "main", Now);

        Assert.Equal((false, SprintPlanSync.StillRunning, 3), (r.Synced, r.Reason, r.CommitsFound));
    }

    [Fact]
    public void Only_commits_matching_the_pattern_count()
    {
        string[] log = ["WIP: Run halted - lunch", "feat(sprint-2): cycle 1 — x", "Merge branch 'main'", "feat(sprint-1): cycle 1 — y", "chore: bump"];

        var r = SprintPlanStateSync.Evaluate(State("RUNNING", total: 3), log, Pattern, "main", Now);

        Assert.Equal((false, 2), (r.Synced, r.CommitsFound));
    }

    [Fact]
    public void A_state_file_that_is_not_json_is_an_error_not_a_guess()
    {
        Assert.Throws<InvalidDataException>(() => SprintPlanStateSync.Evaluate("{\"state\": \"RUNN", FourSprints, Pattern, "main", Now));
    }

    [Fact]
    public void Against_a_real_repository_the_file_is_rewritten_only_when_the_sync_fires()
    {
        using var repo = new GitRepo();
        repo.Git.Run("switch", "--quiet", "-c", "feature/sprint-plan");
        var path = System.IO.Path.Combine(repo.Path, "sprint-plan-state.json");
        var config = RunModeConfig.Defaults;
        var clock = new ManualClock(Now);
        File.WriteAllText(path, State("RUNNING", total: 2));
        repo.Write("a.txt", "a");
        repo.Git.CommitAll(SprintCommit.Message("sprint-1", 1, "a"));

        var partial = SprintPlanStateSync.Run(path, repo.Git, config, clock);
        Assert.False(partial.Synced);
        Assert.Equal(State("RUNNING", total: 2), File.ReadAllText(path));

        repo.Write("b.txt", "b");
        repo.Git.CommitAll(SprintCommit.Message("sprint-2", 1, "b"));
        var done = SprintPlanStateSync.Run(path, repo.Git, config, clock);

        Assert.True(done.Synced);
        Assert.Equal("JACKED_OUT", JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public void One_per_sprint_counts_a_sprints_several_cycle_commits_once()
    {
        using var repo = new GitRepo();
        repo.Git.Run("switch", "--quiet", "-c", "feature/sprint-plan");
        var path = System.IO.Path.Combine(repo.Path, "sprint-plan-state.json");
        File.WriteAllText(path, State("RUNNING", total: 2));
        foreach (var cycle in new[] { 1, 2, 3 })
        {
            repo.Write($"c{cycle}.txt", "x");
            repo.Git.CommitAll(SprintCommit.Message("sprint-1", cycle, "work"));
        }

        var ias = SprintPlanStateSync.Run(path, repo.Git, RunModeConfig.Defaults, new ManualClock(Now), onePerSprint: true);

        Assert.False(ias.Synced);
        Assert.Equal(1, ias.CommitsFound);
        Assert.Equal("RUNNING", JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("state").GetString());

        // A plain commit count, with its known limitation, would have fired on the same history.
        var plain = SprintPlanStateSync.Run(path, repo.Git, RunModeConfig.Defaults, new ManualClock(Now));
        Assert.True(plain.Synced);
    }

    [Fact]
    public void A_corrupt_file_on_disk_is_reported_with_its_path()
    {
        using var repo = new GitRepo();
        var path = System.IO.Path.Combine(repo.Path, "sprint-plan-state.json");
        File.WriteAllText(path, "not json");

        var ex = Assert.Throws<StateFileException>(() => SprintPlanStateSync.Run(path, repo.Git, RunModeConfig.Defaults, TimeProvider.System));

        Assert.Contains(path, ex.Message);
    }

    /// <summary>The original tools' sprint-plan-state.json example with the given state and sprint total.</summary>
    private static string State(string state, int total) => $$"""
        {
          "plan_id": "plan-20260128-abc123",
          "target": "sprint-plan",
          "state": "{{state}}",
          "sprints": {
            "total": {{total}},
            "completed": 2,
            "current": "sprint-3",
            "list": [
              {"id": "sprint-1", "status": "completed", "cycles": 2},
              {"id": "sprint-2", "status": "completed", "cycles": 3},
              {"id": "sprint-3", "status": "in_progress", "cycles": 1},
              {"id": "sprint-4", "status": "pending"}
            ]
          },
          "options": {"from": 1, "to": 4, "max_cycles": 20},
          "metrics": {"total_cycles": 6, "total_files_changed": 45}
        }
        """;
}
