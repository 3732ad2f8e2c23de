using System.Text.Json;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

/// <summary>`.run/state.json` holds every field of the original Run Mode tools' example, with the same JSON types, names and order.</summary>
public sealed class StateJsonContractTests
{
    [Fact]
    public void State_json_has_every_field_of_the_004_example_with_its_type()
    {
        using var dir = new TempDir();
        var files = new RunFiles(new StateFiles(new RunPaths(dir.Path)));

        files.WriteState(Samples.Run());

        AssertShape(SpecExamples.State, File.ReadAllText(dir.Combine(".run", "state.json")));
    }

    [Fact]
    public void State_json_lists_004_fields_first_then_the_ias_extras_in_a_fixed_order()
    {
        using var dir = new TempDir();
        new RunFiles(new StateFiles(new RunPaths(dir.Path))).WriteState(Samples.Run());
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json")));
        var root = doc.RootElement;

        Assert.Equal(
            ["run_id", "target", "branch", "state", "phase", "timestamps", "cycles", "metrics", "options", "halt_reason", "resume_phase", "usage", "pushed", "pr_created", "pr_url"],
            Names(root));
        Assert.Equal(["started", "last_activity"], Names(root.GetProperty("timestamps")));
        Assert.Equal(["current", "limit", "history"], Names(root.GetProperty("cycles")));
        Assert.Equal(["cycle", "phase", "findings"], Names(root.GetProperty("cycles").GetProperty("history")[0]));
        Assert.Equal(["files_changed", "commits", "findings_fixed"], Names(root.GetProperty("metrics")));
        Assert.Equal(["max_cycles", "timeout_hours", "dry_run", "local", "confirm_push", "agent"], Names(root.GetProperty("options")));
        Assert.Equal(["tokens_in", "tokens_out", "cost_usd"], Names(root.GetProperty("usage")));
    }

    [Fact]
    public void State_json_extras_carry_options_halt_reason_resume_phase_and_usage()
    {
        using var dir = new TempDir();
        new RunFiles(new StateFiles(new RunPaths(dir.Path))).WriteState(Samples.Run());
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json")));
        var root = doc.RootElement;

        Assert.Equal("JACK_IN", root.GetProperty("state").GetString());
        Assert.Equal("RATE_LIMITED", root.GetProperty("phase").GetString());
        Assert.Equal("REVIEW", root.GetProperty("resume_phase").GetString());
        Assert.Equal("same issue 3 times: \"null check\" + é", root.GetProperty("halt_reason").GetString());
        var options = root.GetProperty("options");
        Assert.Equal(20, options.GetProperty("max_cycles").GetInt32());
        Assert.Equal(7.5, options.GetProperty("timeout_hours").GetDouble());
        Assert.True(options.GetProperty("dry_run").GetBoolean());
        Assert.Equal("codex", options.GetProperty("agent").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(123_456_789_012, usage.GetProperty("tokens_in").GetInt64());
        Assert.Equal(1.25m, usage.GetProperty("cost_usd").GetDecimal());
    }

    // 002's red_team_code block, verbatim: the RED_TEAM_CODE gate's own counter.
    private const string RedTeamExample = """
        {
        "red_team_code": {
        "cycles": 0,
        "max_cycles": 2,
        "findings_total": 0,
        "divergences_found": 0,
        "last_findings_hash": null
        }
        }
        """;

    [Fact]
    public void State_json_carries_002s_red_team_code_block_once_the_gate_is_reached_and_reads_it_back()
    {
        using var dir = new TempDir();
        var files = new RunFiles(new StateFiles(new RunPaths(dir.Path)));
        files.WriteState(Samples.Run() with { RedTeamCode = RedTeamCodeState.Fresh(2) });
        using (var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json"))))
        {
            AssertShape(RedTeamExample, $"{{\"red_team_code\": {doc.RootElement.GetProperty("red_team_code").GetRawText()}}}");
        }

        var redTeam = new RedTeamCodeState(1, 2, 3, 1, "abc123");
        files.WriteState(Samples.Run() with { RedTeamCode = redTeam });
        Assert.Equal(redTeam, files.ReadState()!.RedTeamCode);
    }

    [Fact]
    public void A_run_that_never_reached_the_gate_has_no_red_team_code_block()
    {
        using var dir = new TempDir();
        new RunFiles(new StateFiles(new RunPaths(dir.Path))).WriteState(Samples.Run());
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json")));

        Assert.False(doc.RootElement.TryGetProperty("red_team_code", out _));
    }

    [Fact]
    public void Allow_high_is_written_only_when_given_so_a_run_without_it_keeps_the_documented_options()
    {
        using var dir = new TempDir();
        var files = new RunFiles(new StateFiles(new RunPaths(dir.Path)));
        var run = Samples.Run() with { Options = Samples.Run().Options with { AllowHigh = true } };

        files.WriteState(run);

        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json")));
        Assert.True(doc.RootElement.GetProperty("options").GetProperty("allow_high").GetBoolean());
        Assert.True(files.ReadState()!.Options.AllowHigh);
    }

    [Fact]
    public void A_run_without_halt_reason_or_resume_phase_writes_nulls_not_missing_fields()
    {
        using var dir = new TempDir();
        new RunFiles(new StateFiles(new RunPaths(dir.Path))).WriteState(Samples.Run() with { HaltReason = null, ResumePhase = null });
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json")));

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("halt_reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("resume_phase").ValueKind);
    }

    [Fact]
    public void Whole_second_timestamps_are_written_exactly_as_004_shows_them()
    {
        using var dir = new TempDir();
        new RunFiles(new StateFiles(new RunPaths(dir.Path))).WriteState(Samples.Run() with
        {
            Started = new DateTimeOffset(2026, 1, 19, 12, 0, 0, TimeSpan.FromHours(2)),
        });

        var text = File.ReadAllText(dir.Combine(".run", "state.json"));

        Assert.Contains("\"started\": \"2026-01-19T10:00:00Z\"", text);
        Assert.Contains("\"last_activity\": \"2026-01-19T11:30:00.25Z\"", text);
        Assert.EndsWith("}\n", text);
    }

    private static void AssertShape(string example, string actual, string? nullable = null) => JsonShape.Assert(example, actual, nullable);

    private static List<string> Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();
}
