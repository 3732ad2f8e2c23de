using System.Text.Json;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>The `.run/*.json` files hold every field of 004's examples, with the same JSON types, names and order.</summary>
public sealed partial class StateFilesContractTests
{
    // 004 "State Management / State File", verbatim.
    private const string StateExample = """
        {
          "run_id": "run-20260119-abc123",
          "target": "sprint-1",
          "branch": "feature/sprint-1",
          "state": "RUNNING",
          "phase": "IMPLEMENT",
          "timestamps": {
            "started": "2026-01-19T10:00:00Z",
            "last_activity": "2026-01-19T11:30:00Z"
          },
          "cycles": {
            "current": 3,
            "limit": 20,
            "history": [
              {"cycle": 1, "phase": "IMPLEMENT", "findings": 5},
              {"cycle": 2, "phase": "REVIEW", "findings": 2},
              {"cycle": 3, "phase": "IMPLEMENT", "findings": 0}
            ]
          },
          "metrics": {
            "files_changed": 15,
            "commits": 3,
            "findings_fixed": 7
          }
        }
        """;

    // 004 "Circuit Breaker Storage", verbatim.
    private const string BreakerExample = """
        {
          "state": "CLOSED",
          "triggers": {
            "same_issue": {"count": 0, "last_hash": null},
            "no_progress": {"count": 0},
            "cycle_count": {"current": 3, "limit": 20},
            "timeout": {"started": "2026-01-19T10:00:00Z", "limit_hours": 8}
          },
          "history": [
            {"timestamp": "...", "trigger": "same_issue", "hash": "abc123"}
          ]
        }
        """;

    // 004 "Rate Limiting / Storage", verbatim.
    private const string RateLimitExample = """
        {
          "current_hour": "2026-01-19T10:00:00Z",
          "calls_this_hour": 45,
          "limit": 100,
          "consecutive_waits": 0
        }
        """;

    [Fact]
    public void State_json_has_every_field_of_the_004_example_with_its_type()
    {
        using var dir = new TempDir();
        var files = new StateFiles(new RunPaths(dir.Path));

        files.WriteState(Samples.Run());

        AssertShape(StateExample, File.ReadAllText(dir.Combine(".run", "state.json")));
    }

    [Fact]
    public void Circuit_breaker_json_has_every_field_of_the_004_example_with_its_type()
    {
        using var dir = new TempDir();
        var files = new StateFiles(new RunPaths(dir.Path));

        files.WriteBreaker(Samples.Breaker());

        // 004 shows a same_issue trip; other triggers have no findings hash, so ias writes null there.
        AssertShape(BreakerExample, File.ReadAllText(dir.Combine(".run", "circuit-breaker.json")), nullable: "hash");
    }

    [Fact]
    public void Rate_limit_json_has_every_field_of_the_004_example_with_its_type()
    {
        using var dir = new TempDir();
        var files = new StateFiles(new RunPaths(dir.Path));

        files.WriteRateLimit(Samples.RateLimit());

        AssertShape(RateLimitExample, File.ReadAllText(dir.Combine(".run", "rate-limit.json")));
    }

    [Fact]
    public void State_json_lists_004_fields_first_then_the_ias_extras_in_a_fixed_order()
    {
        using var dir = new TempDir();
        new StateFiles(new RunPaths(dir.Path)).WriteState(Samples.Run());
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
        new StateFiles(new RunPaths(dir.Path)).WriteState(Samples.Run());
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

    [Fact]
    public void A_run_without_halt_reason_or_resume_phase_writes_nulls_not_missing_fields()
    {
        using var dir = new TempDir();
        new StateFiles(new RunPaths(dir.Path)).WriteState(Samples.Run() with { HaltReason = null, ResumePhase = null });
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "state.json")));

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("halt_reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("resume_phase").ValueKind);
    }

    [Fact]
    public void Circuit_breaker_json_writes_HALF_OPEN_each_trip_reason_and_the_thresholds()
    {
        using var dir = new TempDir();
        new StateFiles(new RunPaths(dir.Path)).WriteBreaker(Samples.Breaker());
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "circuit-breaker.json")));
        var root = doc.RootElement;

        Assert.Equal(["state", "triggers", "history", "thresholds"], Names(root));
        Assert.Equal("HALF_OPEN", root.GetProperty("state").GetString());
        Assert.Equal(["timestamp", "trigger", "hash", "reason"], Names(root.GetProperty("history")[0]));
        Assert.Equal("no file changes in 5 cycles", root.GetProperty("history")[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("history")[1].GetProperty("hash").ValueKind);
        Assert.Equal(4, root.GetProperty("thresholds").GetProperty("same_issue").GetInt32());
        Assert.Equal(6, root.GetProperty("thresholds").GetProperty("no_progress").GetInt32());
        // 004 writes whole hours as an integer.
        Assert.Equal("8", root.GetProperty("triggers").GetProperty("timeout").GetProperty("limit_hours").GetRawText());
    }

    [Fact]
    public void Rate_limit_json_writes_waiting_until_after_the_004_fields()
    {
        using var dir = new TempDir();
        var files = new StateFiles(new RunPaths(dir.Path));

        files.WriteRateLimit(Samples.RateLimit());
        using (var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "rate-limit.json"))))
        {
            Assert.Equal(["current_hour", "calls_this_hour", "limit", "consecutive_waits", "waiting_until"], Names(doc.RootElement));
            Assert.Equal("2026-01-19T11:00:00Z", doc.RootElement.GetProperty("waiting_until").GetString());
        }

        files.WriteRateLimit(Samples.RateLimit() with { WaitingUntil = null });
        using (var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "rate-limit.json"))))
        {
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("waiting_until").ValueKind);
        }
    }

    [Fact]
    public void Whole_second_timestamps_are_written_exactly_as_004_shows_them()
    {
        using var dir = new TempDir();
        new StateFiles(new RunPaths(dir.Path)).WriteState(Samples.Run() with
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
