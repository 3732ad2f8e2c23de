using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The breaker and the rate limit stop a real run, and a stopped run resumes only the way Run Mode allows.</summary>
public sealed class SafetyTests
{
    private const string Config = "run_mode:\n  enabled: true\n  defaults:\n    max_cycles: 6\n{0}agents:\n  default:\n    agent: sim\n";

    [Fact]
    public async Task The_same_finding_three_times_trips_the_breaker_and_only_reset_ice_resumes()
    {
        using var repo = new TestRepo();
        var same = await Scenario.WriteAsync(repo, """{"same_findings_always": true}""");

        var run = await repo.IasAsync(same, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        var (state, breaker) = Read(repo);
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Equal(3, state.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal("OPEN", breaker.GetProperty("state").GetString());
        Assert.Equal(3, breaker.GetProperty("triggers").GetProperty("same_issue").GetProperty("count").GetInt32());
        var trip = Assert.Single(breaker.GetProperty("history").EnumerateArray());
        Assert.Equal("same_issue", trip.GetProperty("trigger").GetString());
        Assert.Equal(breaker.GetProperty("triggers").GetProperty("same_issue").GetProperty("last_hash").GetString(), trip.GetProperty("hash").GetString());

        var refused = await repo.IasAsync("run-resume");
        Assert.Equal(2, refused.Code);
        Assert.Contains("--reset-ice", refused.Err);

        var resumed = await repo.IasAsync("run-resume", "--reset-ice");
        Assert.True(resumed.Code == 0, resumed.Out + resumed.Err);
        (state, breaker) = Read(repo);
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        Assert.Equal("CLOSED", breaker.GetProperty("state").GetString());
        Assert.Single(breaker.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Implement_phases_that_change_nothing_trip_no_progress_at_the_threshold()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, "  circuit_breaker:\n    no_progress_threshold: 2\n"));
        var idle = await Scenario.WriteAsync(repo, """{"implement_no_changes_cycles": [1, 2, 3], "review_findings_cycles": [1, 2, 3]}""");

        var run = await repo.IasAsync(idle, "run", "sprint-1");

        Assert.Equal(1, run.Code);
        var (state, breaker) = Read(repo);
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Equal(2, state.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal("no_progress", Assert.Single(breaker.GetProperty("history").EnumerateArray()).GetProperty("trigger").GetString());
        Assert.Contains("changed no file", run.Out);

        // The agent changed nothing: the one commit holds only ias's record of cycle 1's review, which counts as no change.
        Assert.Equal(0, state.GetProperty("metrics").GetProperty("files_changed").GetInt32());
        Assert.Equal(1, state.GetProperty("metrics").GetProperty("commits").GetInt32());
        Assert.Equal("grimoires/loa/a2a/sprint-1/engineer-feedback.md", (await Shell.GitAsync(repo.Path, "show", "--format=", "--name-only", "feature/sprint-1")).Trim());
    }

    [Fact]
    public async Task The_cycle_limit_halts_before_a_cycle_past_it_and_is_never_reset()
    {
        using var repo = new TestRepo();

        var run = await repo.IasAsync("run", "sprint-1", "--max-cycles", "1");

        Assert.Equal(1, run.Code);
        var (state, breaker) = Read(repo);
        Assert.Equal(1, state.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal("cycle_limit", Assert.Single(breaker.GetProperty("history").EnumerateArray()).GetProperty("trigger").GetString());

        var resume = await repo.IasAsync("run-resume", "--reset-ice");
        Assert.Equal(2, resume.Code);
        Assert.Contains("never goes past the limit", resume.Err);
    }

    [Fact]
    public async Task At_the_hourly_limit_the_run_waits_with_a_countdown_and_a_halt_still_reaches_it()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(string.Format(Config, "  rate_limiting:\n    calls_per_hour: 1\n"));
        await using var engine = IasProcess.Start(repo.Path, null, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("hourly limit of 1 calls reached");

        var status = await repo.IasAsync("run-status", "--json");
        var json = JsonDocument.Parse(status.Out).RootElement;
        Assert.Equal("RATE_LIMITED", json.GetProperty("phase").GetString());
        var rate = json.GetProperty("rate_limit");
        Assert.True(rate.GetProperty("seconds_to_reset").GetInt64() is > 0 and <= 3600);
        Assert.Equal(1, rate.GetProperty("consecutive_waits").GetInt32());
        Assert.Matches(@"rate +1/1 calls this hour, 1 consecutive wait\(s\), waiting 0h\d\dm\d\ds for the hour boundary", (await repo.IasAsync("run-status")).Out);

        Assert.Equal(0, (await repo.IasAsync("run-halt")).Code);
        Assert.Equal(1, await engine.ExitAsync(TimeSpan.FromSeconds(30)));
        var (state, _) = Read(repo);
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Equal("RATE_LIMITED", state.GetProperty("phase").GetString());
        Assert.Equal("REVIEW", state.GetProperty("resume_phase").GetString());

        // Halted, nothing waits the hour out: run-status gives the time the wait ends, not a countdown.
        var halted = (await repo.IasAsync("run-status")).Out;
        Assert.Matches(@"rate +1/1 calls this hour, 1 consecutive wait\(s\), its wait ends at \d\d:00 UTC \(no engine waits it out\)", halted);
        Assert.DoesNotContain("for the hour boundary", halted);
    }

    [Fact]
    public async Task An_agent_usage_limit_parks_the_run_until_the_reset_time_it_gave()
    {
        using var repo = new TestRepo();
        var limited = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "cycle": 1, "mode": "usage_limit"}]}""");
        await using var engine = IasProcess.Start(repo.Path, limited, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("agent usage limit reached");

        var json = JsonDocument.Parse((await repo.IasAsync("run-status", "--json")).Out).RootElement;
        Assert.Equal("RATE_LIMITED", json.GetProperty("phase").GetString());
        Assert.True(json.GetProperty("rate_limit").GetProperty("seconds_to_reset").GetInt64() > 3000);

        Assert.Equal(0, (await repo.IasAsync("run-halt", "--reason", "wait for tomorrow")).Code);
        Assert.Equal(1, await engine.ExitAsync(TimeSpan.FromSeconds(30)));
    }


    [Fact]
    public async Task After_a_usage_limit_the_step_resumes_the_same_session_by_its_id()
    {
        using var repo = new TestRepo();
        // A reset already past when the engine reads it means "wait for the next hour". The engine reads it once the turn has
        // ended (the agent's exit, its process group stopped, its output drained): 3 s was passed there with four test
        // classes at once on 2 cores, so ten keep the reset ahead, and the five waits cost under a minute.
        var limited = await Scenario.WriteAsync(repo, """{"usage_limit_reset_seconds": 10, "fail": [{"role": "implementer", "cycle": 1, "mode": "usage_limit"}]}""");

        var run = await repo.IasAsync(limited, "run", "sprint-1");

        // The limit never lifts in this scenario, so the run halts after five waits; each wait resumed the first session.
        Assert.Equal(1, run.Code);
        var jobs = Directory.GetDirectories(repo.File(".run", "jobs")).Order(StringComparer.Ordinal).ToList();
        Assert.True(jobs.Count >= 2, run.Out);
        var first = File.ReadAllLines(Path.Combine(jobs[0], "stdout.jsonl"))[0];
        var session = JsonDocument.Parse(first).RootElement.GetProperty("session_id").GetString()!;
        Assert.DoesNotContain("--resume", File.ReadAllText(Path.Combine(jobs[0], "command")));
        Assert.All(jobs.Skip(1), j => Assert.Contains($"--resume {session}", File.ReadAllText(Path.Combine(j, "command"))));
    }

    private static (JsonElement State, JsonElement Breaker) Read(TestRepo repo) =>
        (JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement,
         JsonDocument.Parse(File.ReadAllText(repo.File(".run", "circuit-breaker.json"))).RootElement);
}
