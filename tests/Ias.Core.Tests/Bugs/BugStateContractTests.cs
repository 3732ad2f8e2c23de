using System.Text.Json;
using Ias.Core.Bugs;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Bugs;

/// <summary>`.run/bugs/&lt;bug_id&gt;/state.json` holds every field of the original Run Mode tools' bug state example, in its order, and reads back.</summary>
public sealed class BugStateContractTests
{
    // The original tools' bug state.json example, verbatim.
    private const string Example = """
        {
        "schema_version": 1,
        "bug_id": "20260211-a3f2b1",
        "bug_title": "Login fails with + in email",
        "sprint_id": "sprint-bug-3",
        "state": "IMPLEMENTING",
        "mode": "autonomous",
        "created_at": "2026-02-11T10:00:00Z",
        "updated_at": "2026-02-11T10:30:00Z",
        "circuit_breaker": {
        "cycle_count": 1,
        "same_issue_count": 0,
        "no_progress_count": 0,
        "last_finding_hash": null
        },
        "confidence": {
        "reproduction_strength": "strong",
        "test_type": "unit",
        "risk_level": "low",
        "files_changed": 3,
        "lines_changed": 42
        }
        }
        """;

    private static readonly DateTimeOffset Created = new(2026, 2, 11, 10, 0, 0, TimeSpan.Zero);

    private static BugRecord Sample() => new(
        "20260211-a3f2b1",
        "Login fails with + in email",
        "sprint-bug-3",
        BugState.Implementing,
        Created,
        Created.AddMinutes(30),
        CycleCount: 1,
        SameIssueCount: 2,
        NoProgressCount: 1,
        LastFindingHash: "abc123",
        new BugConfidence("strong", "unit", "low", 3, 42),
        "bugfix/20260211-a3f2b1",
        new RunOptions(10, 2, Local: true, Agent: "sim"),
        ["src/login/email.ts"],
        [],
        AllowHigh: false,
        Issue: 42,
        RunId: "run-20260211-0a0b0c",
        HaltReason: null,
        PrUrl: null);

    [Fact]
    public void Bug_state_json_has_every_field_of_the_002_example_with_its_type()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);

        BugStateFile.Write(paths, Sample());

        JsonShape.Assert(Example, File.ReadAllText(dir.Combine(".run", "bugs", "20260211-a3f2b1", "state.json")), nullable: "last_finding_hash");
    }

    [Fact]
    public void The_002_fields_come_first_in_002s_order_with_schema_version_1_and_autonomous_mode()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        BugStateFile.Write(paths, Sample());
        using var doc = JsonDocument.Parse(File.ReadAllText(BugStateFile.StatePath(paths, "20260211-a3f2b1")));
        var root = doc.RootElement;

        Assert.Equal(
            ["schema_version", "bug_id", "bug_title", "sprint_id", "state", "mode", "created_at", "updated_at", "circuit_breaker", "confidence"],
            root.EnumerateObject().Select(p => p.Name).Take(10));
        Assert.Equal(["cycle_count", "same_issue_count", "no_progress_count", "last_finding_hash"], root.GetProperty("circuit_breaker").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["reproduction_strength", "test_type", "risk_level", "files_changed", "lines_changed"], root.GetProperty("confidence").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal("autonomous", root.GetProperty("mode").GetString());
        Assert.Equal("IMPLEMENTING", root.GetProperty("state").GetString());
        Assert.Equal("2026-02-11T10:30:00Z", root.GetProperty("updated_at").GetString());
    }

    [Fact]
    public void A_written_bug_state_reads_back_field_for_field()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var bug = Sample();

        BugStateFile.Write(paths, bug);
        var back = BugStateFile.Read(paths, bug.BugId)!;

        Assert.Equal(bug with { SuspectedFiles = [], HighRiskFiles = [] }, back with { SuspectedFiles = [], HighRiskFiles = [] });
        Assert.Equal(bug.SuspectedFiles, back.SuspectedFiles);
    }

    [Fact]
    public void A_bug_a_person_said_yes_to_at_a_terminal_is_recorded_and_read_back_as_interactive()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);

        BugStateFile.Write(paths, Sample() with { Mode = BugRecord.Interactive });
        using var doc = JsonDocument.Parse(File.ReadAllText(BugStateFile.StatePath(paths, "20260211-a3f2b1")));

        Assert.Equal("interactive", doc.RootElement.GetProperty("mode").GetString());
        Assert.Equal(BugRecord.Interactive, BugStateFile.Read(paths, "20260211-a3f2b1")!.Mode);
    }

    [Fact]
    public void The_002_example_itself_reads()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(BugStateFile.Dir(paths, "20260211-a3f2b1"));
        File.WriteAllText(BugStateFile.StatePath(paths, "20260211-a3f2b1"), Example);

        var bug = BugStateFile.Read(paths, "20260211-a3f2b1")!;

        Assert.Equal(BugState.Implementing, bug.State);
        Assert.Equal("sprint-bug-3", bug.SprintId);
        Assert.Equal(42, bug.Confidence.LinesChanged);
        Assert.Null(bug.LastFindingHash);
    }
}
