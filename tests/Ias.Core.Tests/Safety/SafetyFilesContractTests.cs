using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

/// <summary>`.run/circuit-breaker.json` and `.run/rate-limit.json` hold every field of the original Run Mode tools' examples, with the same JSON types, names and order.</summary>
public sealed class SafetyFilesContractTests
{
    [Fact]
    public void Circuit_breaker_json_has_every_field_of_the_004_example_with_its_type()
    {
        using var dir = new TempDir();
        var files = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));

        files.WriteBreaker(Samples.Breaker());

        // The example shows a same_issue trip; other triggers have no findings hash, so ias writes null there.
        AssertShape(SpecExamples.CircuitBreaker, File.ReadAllText(dir.Combine(".run", "circuit-breaker.json")), nullable: "hash");
    }

    [Fact]
    public void Rate_limit_json_has_every_field_of_the_004_example_with_its_type()
    {
        using var dir = new TempDir();
        var files = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));

        files.WriteRateLimit(Samples.RateLimit());

        AssertShape(SpecExamples.RateLimit, File.ReadAllText(dir.Combine(".run", "rate-limit.json")));
    }

    [Fact]
    public void Circuit_breaker_json_writes_HALF_OPEN_each_trip_reason_and_the_thresholds()
    {
        using var dir = new TempDir();
        new SafetyFiles(new StateFiles(new RunPaths(dir.Path))).WriteBreaker(Samples.Breaker());
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine(".run", "circuit-breaker.json")));
        var root = doc.RootElement;

        Assert.Equal(["state", "triggers", "history", "thresholds"], Names(root));
        Assert.Equal("HALF_OPEN", root.GetProperty("state").GetString());
        Assert.Equal(["timestamp", "trigger", "hash", "reason"], Names(root.GetProperty("history")[0]));
        Assert.Equal("no file changes in 5 cycles", root.GetProperty("history")[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("history")[1].GetProperty("hash").ValueKind);
        Assert.Equal(4, root.GetProperty("thresholds").GetProperty("same_issue").GetInt32());
        Assert.Equal(6, root.GetProperty("thresholds").GetProperty("no_progress").GetInt32());
        // The original format writes whole hours as an integer.
        Assert.Equal("8", root.GetProperty("triggers").GetProperty("timeout").GetProperty("limit_hours").GetRawText());
    }

    [Fact]
    public void Rate_limit_json_writes_waiting_until_after_the_004_fields()
    {
        using var dir = new TempDir();
        var files = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));

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
    public void The_004_example_reads_with_its_elided_trip_time_as_unknown_and_any_other_non_time_is_refused()
    {
        using var dir = new TempDir();
        var files = new SafetyFiles(new StateFiles(new RunPaths(dir.Path)));
        Directory.CreateDirectory(dir.Combine(".run"));
        File.WriteAllText(dir.Combine(".run", "circuit-breaker.json"), SpecExamples.CircuitBreaker);

        var trip = Assert.Single(files.ReadBreaker()!.History);

        Assert.Equal(new BreakerTrip(null, TripCause.SameIssue, "abc123", ""), trip);
        File.WriteAllText(dir.Combine(".run", "circuit-breaker.json"), SpecExamples.CircuitBreaker.Replace("\"...\"", "\"yesterday\"", StringComparison.Ordinal));
        var refused = Assert.Throws<StateFileException>(() => files.ReadBreaker());
        Assert.Contains("history[0].timestamp must be an ISO-8601 timestamp", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertShape(string example, string actual, string? nullable = null) => JsonShape.Assert(example, actual, nullable);

    private static List<string> Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();
}
