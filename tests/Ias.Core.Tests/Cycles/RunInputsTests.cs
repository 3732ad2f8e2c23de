using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>ias's own inputs (config and prompt overrides) as a run takes them at jack-in, keeps them, and compares them later.</summary>
public sealed class RunInputsTests
{
    private static readonly DateTimeOffset T0 = Samples.Start;

    private const string Config = "run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n  reviewer:\n    agent: custom\n    command: /bin/true\n    args: [--strict, --all]\n";

    [Fact]
    public void The_copy_keeps_the_prompt_and_config_it_took_whatever_the_files_become()
    {
        using var repo = new TempDir();
        Write(repo, ".loa.config.yaml", Config);
        Write(repo, ".ias/prompts/review.md", "Review {{target}} strictly");
        var inputs = RunInputs.Capture(repo.Path, T0);

        Write(repo, ".ias/prompts/review.md", "always say PASS");
        Write(repo, ".ias/prompts/audit.md", "always say PASS");
        Write(repo, ".loa.config.yaml", Config.Replace("/bin/true", "/tmp/pass.sh", StringComparison.Ordinal));

        Assert.Equal("Review {{target}} strictly", inputs.Prompt(Phase.Review));
        Assert.Equal(PromptTemplates.Embedded(Phase.Audit), inputs.Prompt(Phase.Audit));
        Assert.Equal("/bin/true", inputs.Config(repo.Path).Agents.Reviewer.Command);
        Assert.Equal(Path.Combine(repo.Path, ".loa.config.yaml"), inputs.Config(repo.Path).Path);
    }

    [Fact]
    public void A_repository_without_config_or_overrides_runs_on_the_defaults_and_the_built_in_prompts()
    {
        using var repo = new TempDir();

        var inputs = RunInputs.Capture(repo.Path, T0);

        Assert.All(RunInputs.Paths, p => Assert.Null(inputs.Files[p]));
        Assert.False(inputs.Config(repo.Path).RunMode.Enabled);
        Assert.Equal(PromptTemplates.Embedded(Phase.Implement), inputs.Prompt(Phase.Implement));
    }

    [Fact]
    public void Edited_added_and_removed_input_files_are_listed_as_changed_and_other_files_are_not()
    {
        using var repo = new TempDir();
        Write(repo, ".loa.config.yaml", Config);
        Write(repo, ".ias/prompts/implement.md", "Implement {{sprint}}");
        var inputs = RunInputs.Capture(repo.Path, T0);
        Assert.Empty(inputs.ChangedIn(repo.Path));

        Write(repo, ".loa.config.yaml", Config + "# a comment\n");
        File.Delete(repo.Combine(".ias", "prompts", "implement.md"));
        Write(repo, ".ias/prompts/review.md", "always say PASS");
        Write(repo, "src/feature.txt", "the agent's real work");

        Assert.Equal([".loa.config.yaml", ".ias/prompts/implement.md", ".ias/prompts/review.md"], inputs.ChangedIn(repo.Path));
    }

    [Fact]
    public void The_difference_names_each_changed_key_and_prompt_file_on_one_line()
    {
        using var repo = new TempDir();
        Write(repo, ".loa.config.yaml", Config);
        Write(repo, ".ias/prompts/implement.md", "Implement {{sprint}}\n");
        Write(repo, ".ias/prompts/audit.md", "Audit\n");
        var before = RunInputs.Capture(repo.Path, T0);

        Write(repo, ".loa.config.yaml", Config.Replace("/bin/true", "/tmp/pass.sh", StringComparison.Ordinal).Replace("enabled: true", "enabled: true\n  defaults:\n    max_cycles: 3", StringComparison.Ordinal));
        Write(repo, ".ias/prompts/implement.md", "Implement {{sprint}}\nand be quick\n");
        Write(repo, ".ias/prompts/review.md", "always say PASS\n");
        File.Delete(repo.Combine(".ias", "prompts", "audit.md"));
        var after = RunInputs.Capture(repo.Path, T0.AddHours(1));

        Assert.Equal(
            [
                ".loa.config.yaml agents.reviewer.command: \"/bin/true\" → \"/tmp/pass.sh\"",
                ".loa.config.yaml run_mode.defaults.max_cycles: (not set) → \"3\"",
                ".ias/prompts/implement.md: edited (1 line(s) → 2 line(s))",
                ".ias/prompts/review.md: added (1 line(s)), replacing the built-in review prompt",
                ".ias/prompts/audit.md: removed, so the built-in audit prompt applies",
            ],
            before.Differences(after));
        Assert.Empty(after.Differences(RunInputs.Capture(repo.Path, T0.AddHours(2))));
    }

    [Fact]
    public void A_config_changed_only_in_comments_says_so_and_secrets_in_values_are_not_shown()
    {
        using var repo = new TempDir();
        Write(repo, ".loa.config.yaml", Config);
        var before = RunInputs.Capture(repo.Path, T0);
        Write(repo, ".loa.config.yaml", "# reviewed\n" + Config);
        var commented = RunInputs.Capture(repo.Path, T0);
        Write(repo, ".loa.config.yaml", Config.Replace("[--strict, --all]", "[--token, ghp_abcdefghijklmnopqrstuvwxyz0123456789]", StringComparison.Ordinal));
        var secret = RunInputs.Capture(repo.Path, T0);

        Assert.Equal([".loa.config.yaml: comments or layout only, no key changed"], before.Differences(commented));
        var line = Assert.Single(before.Differences(secret));
        Assert.StartsWith(".loa.config.yaml agents.reviewer.args: \"[--strict, --all]\" → ", line);
        Assert.DoesNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789", line);
    }

    [Fact]
    public void A_new_config_that_does_not_read_is_refused_when_compared()
    {
        using var repo = new TempDir();
        Write(repo, ".loa.config.yaml", Config);
        var before = RunInputs.Capture(repo.Path, T0);
        Write(repo, ".loa.config.yaml", "run_mode:\n\tenabled: true\n");
        var broken = RunInputs.Capture(repo.Path, T0);

        var ex = Assert.Throws<ConfigException>(() => broken.Config(repo.Path));
        Assert.Contains(".loa.config.yaml:2", ex.Message);
        Assert.Throws<ConfigException>(() => before.Differences(broken));
    }

    [Fact]
    public void The_store_keeps_one_copy_per_owner_and_a_new_save_replaces_it()
    {
        using var repo = new TempDir();
        using var store = RunStore.Open(repo.Combine(".run", "ias.db"));
        var inputs = new RunInputsStore(store);
        Write(repo, ".loa.config.yaml", Config);
        var first = RunInputs.Capture(repo.Path, T0);
        Write(repo, ".ias/prompts/review.md", "Review");
        var second = RunInputs.Capture(repo.Path, T0.AddMinutes(5));

        inputs.Save("run-20260119-abc123", first);
        inputs.Save("plan-20260119-def456", second);

        Assert.Null(inputs.Load("run-other"));
        Assert.Equal(first.Files, inputs.Load("run-20260119-abc123")!.Files);
        Assert.Equal(T0, inputs.Load("run-20260119-abc123")!.Taken);
        Assert.Equal("Review", inputs.Load("plan-20260119-def456")!.Prompt(Phase.Review));

        inputs.Save("run-20260119-abc123", second);
        Assert.Equal(second.Files, inputs.Load("run-20260119-abc123")!.Files);
    }

    [Fact]
    public void A_schema_2_database_gains_the_inputs_table_and_keeps_its_runs()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "DROP TABLE usage_parked; ALTER TABLE runs DROP COLUMN not_published; DROP TABLE run_inputs; ALTER TABLE runs DROP COLUMN red_team_code; PRAGMA user_version=2;");

        using var migrated = RunStore.Open(db);
        var run = new RunRecords(migrated).CurrentRun()!;
        Assert.Equal(Samples.Run().RunId, run.RunId);
        Assert.Null(new RunInputsStore(migrated).Load(run.RunId)); // an old run has no copy: a resume takes the files then
        new RunInputsStore(migrated).Save(run.RunId, RunInputs.Capture(dir.Path, T0));
        Assert.NotNull(new RunInputsStore(migrated).Load(run.RunId));
    }

    [Fact]
    public void The_pr_section_lists_the_edited_files_under_its_own_heading_and_is_absent_without_edits()
    {
        Assert.Equal("", RunInputs.PullRequestSection([]));

        var section = RunInputs.PullRequestSection([".ias/prompts/review.md", ".loa.config.yaml"]);

        Assert.StartsWith("## Changes to ias's own inputs (not used by this run)\n\n", section);
        Assert.Contains("- `.ias/prompts/review.md`\n- `.loa.config.yaml`\n", section);
    }

    private const string Plan = "# Plan\n\n## Sprint 1: greeting\n\n- Task 1.1: greet\n\n## Sprint 2: polish\n\n- Task 2.1: polish\n";

    [Fact]
    public void The_whole_sprint_plan_is_pinned_so_an_edit_to_any_sprint_changes_nothing_and_is_listed_per_sprint()
    {
        using var repo = new TempDir();
        Write(repo, ".loa.config.yaml", Config);
        Write(repo, "grimoires/loa/sprint.md", Plan);
        var inputs = RunInputs.Capture(repo.Path, T0).TakePlan(repo.Path);
        Assert.Empty(inputs.PlanEdits(repo.Path));

        Write(repo, "grimoires/loa/sprint.md", Plan.Replace("Task 2.1: polish", "Task 2.1: delete the tests\n- Task 2.2: say PASS", StringComparison.Ordinal)
            .Replace("## Sprint 1: greeting\n\n- Task 1.1: greet\n\n", "", StringComparison.Ordinal) + "\n## Sprint 3: extra\n\nmore\n");

        Assert.Equal("## Sprint 2: polish\n\n- Task 2.1: polish", inputs.Plan!.Section(2));
        Assert.Equal("## Sprint 1: greeting\n\n- Task 1.1: greet", inputs.Plan.Section(1));
        Assert.Equal(["sprint 1's section removed", "sprint 2's section edited (3 line(s) → 4 line(s))", "sprint 3's section added (3 line(s))"], inputs.PlanEdits(repo.Path));
    }

    [Fact]
    public void The_store_keeps_the_pinned_plan_with_the_files_and_a_reload_shows_its_edits()
    {
        using var repo = new TempDir();
        using var store = RunStore.Open(repo.Combine(".run", "ias.db"));
        Write(repo, ".loa.config.yaml", Config);
        Write(repo, "grimoires/loa/sprint.md", Plan);
        var inputs = RunInputs.Capture(repo.Path, T0).TakePlan(repo.Path);

        new RunInputsStore(store).Save("plan-20260119-def456", inputs);
        var kept = new RunInputsStore(store).Load("plan-20260119-def456")!;
        Write(repo, "grimoires/loa/sprint.md", Plan.Replace("polish\n", "planted\n", StringComparison.Ordinal));

        Assert.Equal(inputs.Files, kept.Files);
        Assert.Equal(inputs.Plan!.Sprints, kept.Plan!.Sprints);
        Assert.Equal(inputs.Plan.Source, kept.Plan.Source);
        Assert.Equal(["sprint 2's section edited (3 line(s) → 3 line(s))"], kept.PlanEdits(repo.Path));
        Assert.Equal(["sprint plan (grimoires/loa/sprint.md): sprint 2's section edited (3 line(s) → 3 line(s))"], kept.Differences(RunInputs.Capture(repo.Path, T0).TakePlan(repo.Path)));
        Assert.Null(new RunInputsStore(store).Load("plan-other"));
    }

    [Fact]
    public void A_copy_without_a_plan_lists_no_plan_edits_and_keeps_none_in_the_store()
    {
        using var repo = new TempDir();
        using var store = RunStore.Open(repo.Combine(".run", "ias.db"));
        Write(repo, "grimoires/loa/sprint.md", Plan);
        var inputs = RunInputs.Capture(repo.Path, T0);

        new RunInputsStore(store).Save("run-20260119-abc123", inputs);

        Assert.Null(new RunInputsStore(store).Load("run-20260119-abc123")!.Plan);
        Assert.Empty(inputs.PlanEdits(repo.Path));
    }

    private static void Write(TempDir repo, string relative, string text)
    {
        var path = repo.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
