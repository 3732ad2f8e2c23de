using System.Text.Json;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>pushed, pr_created, pr_url and not_published (what publishing did, and why not) in both homes of a run: state.json and ias.db.</summary>
public sealed class PublishStateTests
{
    [Fact]
    public void State_json_carries_pushed_pr_created_and_pr_url_and_reads_them_back()
    {
        using var dir = new TempDir();
        var files = new RunFiles(new StateFiles(new RunPaths(dir.Path)));
        var run = Samples.Run() with { Pushed = true, PrCreated = true, PrUrl = "https://github.com/acme/demo/pull/7" };

        files.WriteState(run);

        var root = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json"))).RootElement;
        Assert.True(root.GetProperty("pushed").GetBoolean());
        Assert.True(root.GetProperty("pr_created").GetBoolean());
        Assert.Equal("https://github.com/acme/demo/pull/7", root.GetProperty("pr_url").GetString());
        var back = files.ReadState()!;
        Assert.Equal((true, true, "https://github.com/acme/demo/pull/7"), (back.Pushed, back.PrCreated, back.PrUrl));
    }

    [Fact]
    public void A_state_json_without_the_fields_reads_as_not_pushed()
    {
        using var dir = new TempDir();
        var files = new RunFiles(new StateFiles(new RunPaths(dir.Path)));
        files.WriteState(Samples.Run());
        var path = dir.Combine(".run", "state.json");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..text.IndexOf(",\n  \"pushed\"", StringComparison.Ordinal)] + "\n}\n");

        var back = files.ReadState()!;

        Assert.Equal((false, false, (string?)null), (back.Pushed, back.PrCreated, back.PrUrl));
    }

    [Fact]
    public void A_schema_1_database_gains_the_columns_and_keeps_its_runs()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "DROP TABLE usage_parked; ALTER TABLE runs DROP COLUMN not_published; ALTER TABLE runs DROP COLUMN pushed; ALTER TABLE runs DROP COLUMN pr_created; ALTER TABLE runs DROP COLUMN pr_url; ALTER TABLE runs DROP COLUMN red_team_code; DROP TABLE run_inputs; PRAGMA user_version=1;");

        using var store2 = RunStore.Open(db);
        var migrated = new RunRecords(store2);
        var old = migrated.CurrentRun()!;
        Assert.Equal((false, false, (string?)null), (old.Pushed, old.PrCreated, old.PrUrl));
        migrated.SaveRun(old with { Pushed = true, PrUrl = "https://example.invalid/pr/1" });
        Assert.Equal((true, "https://example.invalid/pr/1"), (migrated.CurrentRun()!.Pushed, migrated.CurrentRun()!.PrUrl));
    }

    [Fact]
    public void Why_a_run_is_not_published_is_kept_in_state_json_and_ias_db_and_left_out_when_there_is_none()
    {
        using var dir = new TempDir();
        var files = new RunFiles(new StateFiles(new RunPaths(dir.Path)));
        const string Why = "the push of feature/x to origin was refused: ! [remote rejected] feature/x -> feature/x (pre-receive hook declined)";
        var run = Samples.Run() with { NotPublished = Why };

        files.WriteState(run);
        Assert.Equal(Why, JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json"))).RootElement.GetProperty("not_published").GetString());
        Assert.Equal(Why, files.ReadState()!.NotPublished);
        files.WriteState(run with { NotPublished = null });
        Assert.False(JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json"))).RootElement.TryGetProperty("not_published", out _));

        using var store = RunStore.Open(dir.Combine("ias.db"));
        var records = new RunRecords(store);
        records.SaveRun(run);
        Assert.Equal(Why, records.CurrentRun()!.NotPublished);
        records.SaveRun(run with { NotPublished = null });
        Assert.Null(records.CurrentRun()!.NotPublished);
    }

    [Fact]
    public void A_schema_5_database_gains_not_published_and_keeps_its_runs()
    {
        using var dir = new TempDir();
        var db = dir.Combine("ias.db");
        OldDatabase.Write(db, "DROP TABLE usage_parked; ALTER TABLE runs DROP COLUMN not_published; PRAGMA user_version=5;");

        using var store = RunStore.Open(db);
        var migrated = new RunRecords(store);
        var old = migrated.CurrentRun()!;
        Assert.Null(old.NotPublished);
        migrated.SaveRun(old with { NotPublished = "no draft PR was opened: gh is not installed" });
        Assert.Equal("no draft PR was opened: gh is not installed", migrated.CurrentRun()!.NotPublished);
    }
}
