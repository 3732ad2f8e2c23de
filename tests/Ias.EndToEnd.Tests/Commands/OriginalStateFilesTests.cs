using System.Globalization;
using System.Text;
using System.Text.Json;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// A repository whose `.run/` the original Run Mode tools wrote (their example files, no ias.db behind them): ias shows the
/// run, refuses to start over it, never writes its files until a person resumes or ends it, and then takes it over.
/// </summary>
public sealed class OriginalStateFilesTests
{
    private const string Refusal =
        ".run/state.json holds run run-20260119-abc123 of sprint-1, RUNNING at cycle 3, written without ias's database: resume it with `ias run-resume`, end it with `ias run-halt --jack-out`, or remove .run/ to start fresh";

    [Fact]
    public async Task Run_status_shows_the_original_tools_run_from_their_files_in_text_and_json()
    {
        using var repo = await OriginalRunAsync();

        var text = await repo.IasAsync("run-status");
        var json = await repo.IasAsync("run-status", "--json");

        Assert.Equal(1, text.Code);
        Assert.Contains("run        run-20260119-abc123  RUNNING", text.Out);
        Assert.Contains("(the original Run Mode tools' files), no ias database", text.Out);
        Assert.Contains("target     sprint-1 on feature/sprint-1", text.Out);
        Assert.Contains("cycle      3/20, phase IMPLEMENT", text.Out);
        Assert.Contains("runtime    1h30m00s of 8h", text.Out); // started to last_activity: no ias engine ran it since
        Assert.Contains("breaker    CLOSED  same issue 0/3, no progress 0/5, 1 trip(s)", text.Out);
        Assert.Contains("rate       45/100 calls", text.Out);
        Assert.Equal(1, json.Code);
        var status = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("run-20260119-abc123", status.GetProperty("run_id").GetString());
        Assert.Equal("RUNNING", status.GetProperty("state").GetString());
        Assert.Equal("sprint-1", status.GetProperty("target").GetString());
        Assert.Equal("feature/sprint-1", status.GetProperty("branch").GetString());
        Assert.Equal("IMPLEMENT", status.GetProperty("phase").GetString());
        Assert.Equal(3, status.GetProperty("cycle").GetInt32());
        Assert.Equal("state_files", status.GetProperty("source").GetString());
        Assert.Equal("CLOSED", status.GetProperty("circuit_breaker").GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("circuit_breaker").GetProperty("trips").GetInt32());
        Assert.Equal(45, status.GetProperty("rate_limit").GetProperty("calls_this_hour").GetInt32());
        AssertUntouched(repo, SpecExamples.State, SpecExamples.CircuitBreaker, SpecExamples.RateLimit);
    }

    [Theory]
    [InlineData("run|sprint-1|--headless")]
    [InlineData("run|sprint-1|--dry-run")]
    [InlineData("run|sprint-2|--headless")]
    [InlineData("run|sprint-plan|--headless")]
    [InlineData("run|sprint-plan|--dry-run")]
    [InlineData("run|--bug|Login fails when the email contains a plus|--headless")]
    public async Task A_new_run_is_refused_over_the_original_tools_running_run_and_their_files_stay_byte_for_byte(string command)
    {
        using var repo = await OriginalRunAsync();

        var run = await repo.IasAsync(command.Split('|'));

        Assert.True(run.Code == 2, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        Assert.Equal($"ias: {Refusal}", run.Err.Trim());
        AssertUntouched(repo, SpecExamples.State, SpecExamples.CircuitBreaker, SpecExamples.RateLimit);
        Assert.Equal("feature/sprint-1", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
        Assert.False(File.Exists(repo.File(".run", "ias.db")), "a refused run leaves no database beside the original tools' files");
    }

    [Fact]
    public async Task A_running_run_of_the_original_tools_is_resumed_at_its_cycle_and_taken_over()
    {
        using var repo = await OriginalRunAsync();

        var resume = await repo.IasAsync("run-resume", "--headless");

        Assert.True(resume.Code == 0, $"exit {resume.Code}\nstdout: {resume.Out}\nstderr: {resume.Err}");
        Assert.Contains("put run run-20260119-abc123 back from .run/state.json", resume.Out);
        Assert.Contains("continuing cycle 3 at IMPLEMENT", resume.Out);
        var state = Json(repo, "state.json");
        Assert.Equal("run-20260119-abc123", state.GetProperty("run_id").GetString());
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        var history = state.GetProperty("cycles").GetProperty("history").EnumerateArray().ToList();
        Assert.Equal((1, "IMPLEMENT", 5), Entry(history[0])); // the original tools' cycles are kept
        Assert.Equal((3, "IMPLEMENT", 0), Entry(history[2]));
        Assert.True(history.Skip(3).All(h => h.GetProperty("cycle").GetInt32() >= 3), "the resumed run went back to an earlier cycle");
        Assert.True(state.GetProperty("metrics").GetProperty("commits").GetInt32() > 3);
        Assert.Equal("CLOSED", Json(repo, "circuit-breaker.json").GetProperty("state").GetString());
        Assert.Equal("ias_db", JsonDocument.Parse((await repo.IasAsync("run-status", "--json")).Out).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_take_over_passes_pre_flight_first_and_a_missing_agent_refuses_it_in_one_line_with_the_files_untouched()
    {
        using var repo = await OriginalRunAsync();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\nagents:\n  default:\n    agent: codex\n    command: ias-test-no-such-codex\n");

        var resume = await repo.IasAsync("run-resume", "--headless");

        Assert.True(resume.Code == 2, $"exit {resume.Code}\nstdout: {resume.Out}\nstderr: {resume.Err}");
        Assert.Equal("ias: agent CLI ias-test-no-such-codex not found on PATH: install", resume.Err.Trim()[..64]);
        Assert.Single(resume.Err.Trim().Split('\n'));
        Assert.DoesNotContain("put run", resume.Out);
        AssertUntouched(repo, SpecExamples.State, SpecExamples.CircuitBreaker, SpecExamples.RateLimit);
    }

    [Fact]
    public async Task A_taken_over_run_counts_its_commits_from_its_branch_not_from_the_files()
    {
        using var repo = await OriginalRunAsync(commits: 1); // the files say 3

        var resume = await repo.IasAsync("run-resume", "--headless");

        Assert.True(resume.Code == 0, $"exit {resume.Code}\nstdout: {resume.Out}\nstderr: {resume.Err}");
        var onBranch = int.Parse((await DemoTests.Git(repo.Path, "rev-list", "--count", "main..feature/sprint-1")).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(onBranch, Json(repo, "state.json").GetProperty("metrics").GetProperty("commits").GetInt32());
        Assert.Contains("feat(sprint-1): cycle 1", Read(repo, "pr.md")); // the run's range reaches back to the original tools' first commit
    }

    [Fact]
    public async Task An_open_breaker_of_the_original_tools_is_refused_until_reset_ice_then_half_open_then_closed()
    {
        var halted = SpecExamples.State.Replace("\"RUNNING\"", "\"HALTED\"", StringComparison.Ordinal);
        var open = SpecExamples.CircuitBreaker.Replace("\"CLOSED\"", "\"OPEN\"", StringComparison.Ordinal);
        using var repo = await OriginalRunAsync(halted, open);

        var start = await repo.IasAsync("run", "sprint-1", "--headless");
        var plain = await repo.IasAsync("run-resume", "--headless");

        Assert.Equal(2, start.Code);
        Assert.Equal(
            "ias: .run/state.json holds run run-20260119-abc123 of sprint-1, HALTED at cycle 3 with its circuit breaker OPEN (same_issue), written without ias's database: resume it with `ias run-resume --reset-ice`, end it with `ias run-halt --jack-out`, or remove .run/ to start fresh",
            start.Err.Trim());
        Assert.Equal(2, plain.Code);
        Assert.Contains("circuit breaker is OPEN (same_issue", plain.Err);
        Assert.Contains("`ias run-resume --reset-ice`", plain.Err);
        AssertUntouched(repo, halted, open, SpecExamples.RateLimit);

        var reset = await repo.IasAsync("run-resume", "--headless", "--reset-ice");

        Assert.True(reset.Code == 0, $"exit {reset.Code}\nstdout: {reset.Out}\nstderr: {reset.Err}");
        Assert.Contains("circuit breaker reset by --reset-ice: HALF_OPEN until one cycle succeeds", reset.Out);
        Assert.Contains("HALTED → RUNNING (resume): resuming at cycle 3, IMPLEMENT", reset.Out);
        var breaker = Json(repo, "circuit-breaker.json");
        Assert.Equal("CLOSED", breaker.GetProperty("state").GetString());
        Assert.Equal("same_issue", breaker.GetProperty("history")[0].GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, breaker.GetProperty("history")[0].GetProperty("timestamp").ValueKind);
        Assert.Equal("JACKED_OUT", Json(repo, "state.json").GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_open_breaker_with_no_run_beside_it_is_refused_until_reset_ice_makes_it_half_open()
    {
        using var repo = new TestRepo();
        Directory.CreateDirectory(repo.File(".run"));
        var open = SpecExamples.CircuitBreaker.Replace("\"CLOSED\"", "\"OPEN\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(repo.File(".run", "circuit-breaker.json"), open);

        var refused = await repo.IasAsync("run", "sprint-1", "--headless");
        var status = await repo.IasAsync("run-status");

        Assert.Equal(2, refused.Code);
        Assert.Equal(
            "ias: .run/circuit-breaker.json is OPEN (same_issue), written without ias's database: fix the cause, then reset it with `ias run-resume --reset-ice`, or remove .run/ to start fresh",
            refused.Err.Trim());
        Assert.Contains("breaker    OPEN in .run/circuit-breaker.json, written without ias's database", status.Out);
        Assert.Equal(Encoding.UTF8.GetBytes(open), File.ReadAllBytes(repo.File(".run", "circuit-breaker.json")));

        var reset = await repo.IasAsync("run-resume", "--headless", "--reset-ice");

        Assert.Equal(2, reset.Code); // nothing was resumed
        Assert.Contains("reset to HALF_OPEN, but there is no run to resume: start one with `ias run sprint-N`", reset.Err);
        Assert.Equal("HALF_OPEN", Json(repo, "circuit-breaker.json").GetProperty("state").GetString());
        var run = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
    }

    [Fact]
    public async Task Jack_out_ends_the_original_tools_run_and_frees_the_repository()
    {
        using var repo = await OriginalRunAsync();

        var jackOut = await repo.IasAsync("run-halt", "--jack-out");

        Assert.True(jackOut.Code == 0, $"exit {jackOut.Code}\nstdout: {jackOut.Out}\nstderr: {jackOut.Err}");
        Assert.Contains("run run-20260119-abc123 ENDED (JACKED_OUT)", jackOut.Out);
        var state = Json(repo, "state.json");
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        Assert.Equal(3, state.GetProperty("cycles").GetProperty("current").GetInt32());
        Assert.Equal("3", (await DemoTests.Git(repo.Path, "rev-list", "--count", "main..feature/sprint-1")).Trim()); // nothing committed or pushed
        await DemoTests.Git(repo.Path, "switch", "-q", "main");
        var run = await repo.IasAsync("run", "sprint-2", "--headless");
        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
    }

    [Fact]
    public async Task A_jacked_out_run_is_no_conflict_and_the_original_tools_calls_this_hour_count_against_the_limit()
    {
        var hour = DateTimeOffset.UtcNow;
        var thisHour = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var rate = SpecExamples.RateLimit.Replace("2026-01-19T10:00:00Z", thisHour, StringComparison.Ordinal);
        var jackedOut = SpecExamples.State.Replace("\"RUNNING\"", "\"JACKED_OUT\"", StringComparison.Ordinal);
        using var repo = await OriginalRunAsync(jackedOut, SpecExamples.CircuitBreaker, rate);
        await DemoTests.Git(repo.Path, "switch", "-q", "main");
        // The original tools made 45 calls this hour: with a limit of 45, ias's first call already waits for the next hour.
        await File.WriteAllTextAsync(repo.ConfigPath, "run_mode:\n  enabled: true\n  rate_limiting:\n    calls_per_hour: 45\nagents:\n  default:\n    agent: sim\n");
        await DemoTests.Git(repo.Path, "commit", "-qam", "limit");

        await using var engine = IasProcess.Start(repo.Path, null, "run", "sprint-2", "--headless");
        await engine.WaitForLineAsync("hourly limit of 45 calls reached");
        var status = JsonDocument.Parse((await repo.IasAsync("run-status", "--json")).Out).RootElement;
        Assert.Equal(0, (await repo.IasAsync("run-halt")).Code);
        Assert.Equal(1, await engine.ExitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("sprint-2", status.GetProperty("target").GetString());
        Assert.Equal(45, status.GetProperty("rate_limit").GetProperty("calls_this_hour").GetInt32());
        Assert.Equal("sprint-2", Json(repo, "state.json").GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("state.json", "{\"run_id\": \"run-20260119-abc123\", \"state\": ", "not valid JSON")]
    [InlineData("circuit-breaker.json", "{\"state\": \"AJAR\"}", "field state must be one of")]
    [InlineData("rate-limit.json", "{\"current_hour\": \"2026-01-19T10:00:00Z\", \"calls_this_hour\": \"many\"}", "calls_this_hour")]
    public async Task A_corrupt_file_is_named_and_left_as_it_is(string file, string corrupt, string problem)
    {
        using var repo = await OriginalRunAsync();
        await File.WriteAllTextAsync(repo.File(".run", file), corrupt);
        var (state, breaker, rate) = (Read(repo, "state.json"), Read(repo, "circuit-breaker.json"), Read(repo, "rate-limit.json"));

        foreach (var args in new[] { new[] { "run-status" }, ["run-status", "--json"], ["run", "sprint-1", "--headless"], ["run-resume", "--headless"], ["run-halt", "--jack-out"] })
        {
            var result = await repo.IasAsync(args);

            Assert.True(result.Code == 2, $"{string.Join(' ', args)}: exit {result.Code}\nstdout: {result.Out}\nstderr: {result.Err}");
            Assert.StartsWith($"ias: .run/{file}", result.Err.Trim(), StringComparison.Ordinal);
            Assert.Contains(problem, result.Err);
            AssertUntouched(repo, state, breaker, rate);
        }
    }

    [Fact]
    public async Task The_original_tools_sprint_plan_is_shown_refused_over_and_never_rewritten_unasked()
    {
        using var repo = new TestRepo();
        Directory.CreateDirectory(repo.File(".run"));
        await File.WriteAllTextAsync(repo.File(".run", "sprint-plan-state.json"), SpecExamples.SprintPlanState);

        var status = await repo.IasAsync("run-status");
        var json = await repo.IasAsync("run-status", "--json");
        var plan = await repo.IasAsync("run", "sprint-plan", "--headless");
        var dry = await repo.IasAsync("run", "sprint-plan", "--dry-run");

        Assert.Equal(1, status.Code);
        Assert.Contains("plan       plan-20260128-abc123  RUNNING: 2 of 4 sprint(s) completed, at sprint-3", status.Out);
        Assert.Equal(1, json.Code);
        Assert.Equal("plan-20260128-abc123", JsonDocument.Parse(json.Out).RootElement.GetProperty("sprint_plan").GetProperty("plan_id").GetString());
        foreach (var refused in new[] { plan, dry })
        {
            Assert.Equal(2, refused.Code);
            Assert.Contains("sprint plan plan-20260128-abc123 is RUNNING at sprint-3: continue it with `ias run-resume`", refused.Err);
        }

        Assert.Equal(Encoding.UTF8.GetBytes(SpecExamples.SprintPlanState), File.ReadAllBytes(repo.File(".run", "sprint-plan-state.json")));
    }

    /// <summary>The demo repository on the run's branch with its commits (three, as the files say), and the original tools' files in `.run/`.</summary>
    private static async Task<TestRepo> OriginalRunAsync(string state = SpecExamples.State, string breaker = SpecExamples.CircuitBreaker, string rate = SpecExamples.RateLimit, int commits = 3)
    {
        var repo = new TestRepo();
        await DemoTests.Git(repo.Path, "switch", "-q", "-c", "feature/sprint-1");
        for (var i = 1; i <= commits; i++)
        {
            await File.WriteAllTextAsync(repo.File($"cycle-{i}.txt"), $"the original tools' cycle {i}\n");
            await DemoTests.Git(repo.Path, "add", "-A");
            await DemoTests.Git(repo.Path, "commit", "-qm", $"feat(sprint-1): cycle {i}");
        }

        Directory.CreateDirectory(repo.File(".run"));
        await File.WriteAllTextAsync(repo.File(".run", "state.json"), state);
        await File.WriteAllTextAsync(repo.File(".run", "circuit-breaker.json"), breaker);
        await File.WriteAllTextAsync(repo.File(".run", "rate-limit.json"), rate);
        return repo;
    }

    private static void AssertUntouched(TestRepo repo, string state, string breaker, string rate)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(state), File.ReadAllBytes(repo.File(".run", "state.json")));
        Assert.Equal(Encoding.UTF8.GetBytes(breaker), File.ReadAllBytes(repo.File(".run", "circuit-breaker.json")));
        Assert.Equal(Encoding.UTF8.GetBytes(rate), File.ReadAllBytes(repo.File(".run", "rate-limit.json")));
    }

    private static string Read(TestRepo repo, string file) => File.ReadAllText(repo.File(".run", file));

    private static JsonElement Json(TestRepo repo, string file) => JsonDocument.Parse(Read(repo, file)).RootElement;

    private static (int, string?, int) Entry(JsonElement e) =>
        (e.GetProperty("cycle").GetInt32(), e.GetProperty("phase").GetString(), e.GetProperty("findings").GetInt32());
}
