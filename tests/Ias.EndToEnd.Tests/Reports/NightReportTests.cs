using System.Net;
using System.Text.Json.Nodes;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Ias.EndToEnd.Tests.Reports;

/// <summary>
/// The morning after a whole night (<see cref="Night"/>) through the real ias: `ias report` as text and as JSON, `--all`
/// over both repositories (and the team's checkouts), and the dashboard's morning screen in tmux against its golden screens.
/// Every check reads the night as the person's first look: each repository's mark is set back to the night's start.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NightReportTests : IClassFixture<Night>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly PostgresClusterFixture _postgres;
    private readonly Night _night;
    private readonly ITestOutputHelper _output;

    public NightReportTests(PostgresClusterFixture postgres, Night night, ITestOutputHelper output)
    {
        (_postgres, _night, _output) = (postgres, night, output);
    }

    [Fact]
    public async Task The_run_mode_repository_reports_the_tripped_plan_and_the_halted_bug_first_with_their_commands_then_the_sprint_done_then_the_cost()
    {
        await BuildAsync();
        var lines = (await ReportAsync(_night.Runs.Path)).Split('\n');

        Assert.StartsWith($"{_night.Runs.Path}: since ", lines[0]);
        var (needs, done, cost) = (Array.IndexOf(lines, "NEEDS YOU (2)"), Array.IndexOf(lines, "DONE"), Array.IndexOf(lines, "COST"));
        Assert.True(needs > 0 && done > needs && cost > done, string.Join('\n', lines));
        Assert.Matches(@"^  TRIPPED  run-\d{8}-[0-9a-f]{6}, since \d\d:\d\d UTC: plan: TRIPPED — cycle limit$", lines[needs + 1]);
        Assert.Equal("      ias run-resume --reset-ice", lines[needs + 2]);
        Assert.Matches(@"^  HALTED   \d{8}-[0-9a-f]{6}, since \d\d:\d\d UTC: High-risk area detected \(auth/payment/migration\)\. Use --allow-high to proceed\. \(auth/session\.txt\)$", lines[needs + 3]);
        Assert.Equal("      ias run --bug 'Token check rejects valid sessions' --allow-high", lines[needs + 4]);
        Assert.Matches(@"^  sprint run-\d{8}-[0-9a-f]{6}: DONE — passed, \d\d:\d\d UTC$", lines[done + 1]);
        Assert.Equal(cost - 1, done + 2);
        Assert.Matches(@"^  sim: \d+ call\(s\), [0-9.k]+ tokens in, [0-9.k]+ out, \$0\.\d+, \d+m of agent time$", lines[cost + 1]);
        Assert.Equal(3, lines.Count(l => l.StartsWith("  run ", StringComparison.Ordinal)));
        Assert.StartsWith("  today (UTC): $0.", lines[^1]);
    }

    [Fact]
    public async Task The_queue_repository_reports_the_question_first_then_the_jobs_done_and_failed_by_failure_then_the_cost()
    {
        await BuildAsync();
        var lines = (await ReportAsync(_night.Queue.Path)).Split('\n');

        var (needs, done, cost) = (Array.IndexOf(lines, "NEEDS YOU (1)"), Array.IndexOf(lines, "DONE"), Array.IndexOf(lines, "COST"));
        Assert.True(needs > 0 && done > needs && cost > done, string.Join('\n', lines));
        Assert.Matches(@"^  question D1 of night, waiting \d+m: Which cache, Redis or memory\?$", lines[needs + 1]);
        Assert.Equal("      ias answer D1 \"…\"", lines[needs + 2]);
        Assert.Equal("  queue  night: 1 job(s) done, 1 failed", lines[done + 1]);
        Assert.StartsWith("      1 config_error: exited 1 without a result event", lines[done + 2]);
        Assert.EndsWith("(0002-reviewer)", lines[done + 2]);
        Assert.Matches(@"^  sim: 3 call\(s\), ", lines[cost + 1]);
    }

    [Fact]
    public async Task The_json_report_holds_the_same_night_and_leaves_the_persons_mark_alone()
    {
        await BuildAsync();
        var mark = Path.Combine(_night.Runs.Path, ".run", "report.read");
        var before = await File.ReadAllTextAsync(mark);

        var runs = await JsonAsync(_night.Runs.Path);
        var queue = await JsonAsync(_night.Queue.Path);

        Assert.Equal(before, await File.ReadAllTextAsync(mark));
        Assert.Equal(_night.Runs.Path, (string?)runs["repository"]);
        Assert.Equal(["tripped", "halted"], runs["needs"]!.AsArray().Select(n => (string?)n!["kind"]));
        Assert.Equal(["ias run-resume --reset-ice", "ias run --bug 'Token check rejects valid sessions' --allow-high"], runs["needs"]!.AsArray().Select(n => (string?)n!["command"]));
        var sprint = Assert.Single(runs["finished"]!.AsArray())!;
        Assert.Equal(("sprint", "DONE — passed"), ((string?)sprint["kind"], (string?)sprint["ended"]));
        Assert.Equal("sim", (string?)runs["agents"]![0]!["agent"]);
        Assert.Equal(3, runs["runs"]!.AsArray().Count);
        Assert.Empty(runs["jobs"]!.AsArray());

        var question = Assert.Single(queue["needs"]!.AsArray())!;
        Assert.Equal(("question", "D1", "Which cache, Redis or memory?"), ((string?)question["kind"], (string?)question["id"], (string?)question["what"]));
        var jobs = Assert.Single(queue["jobs"]!.AsArray())!;
        Assert.Equal(("night", 1), ((string?)jobs["run"], (int)jobs["done"]!));
        var failure = Assert.Single(jobs["failures"]!.AsArray())!;
        Assert.Equal(("config_error", "0002-reviewer"), ((string?)failure["failure"], (string?)Assert.Single(failure["jobs"]!.AsArray())));
        Assert.Equal(3, (int)queue["agents"]![0]!["calls"]!);
        Assert.Empty(queue["unread"]!.AsArray());
    }

    [Fact]
    public async Task Each_run_that_ended_with_none_other_at_work_told_the_hook_the_report_and_the_last_told_the_whole_night()
    {
        await BuildAsync();

        var notes = _night.Hook.Lines();

        // The runs followed one another: each ended with no other at work, so each told the night so far, after its own end
        // (the sprint's completed and the plan's tripped before theirs).
        var events = notes.Select(n => n.GetProperty("event").GetString()).ToList();
        Assert.Equal(3, events.Count(e => e == "report"));
        Assert.Equal(["completed", "report"], events[..2]);
        Assert.Equal(["tripped", "report"], events[^2..]);
        Assert.Matches(
            @"^the last run of the night ended: 2 need\(s\) you \(1 tripped, 1 halted\), 1 run\(s\) finished, \$0\.\d+ spent; `ias report` has the rest$",
            notes[^1].GetProperty("summary").GetString());
        Assert.Equal(notes[^2].GetProperty("run").GetString(), notes[^1].GetProperty("run").GetString());
    }

    [Fact]
    public async Task All_reports_every_checkout_of_the_night_this_one_first()
    {
        await BuildAsync();
        var json = JsonNode.Parse(Ok(await _night.IasAsync(_night.Runs.Path, null, "report", "--all", "--json")))!.AsArray();
        _night.Unread();
        var text = Ok(await _night.IasAsync(_night.Runs.Path, null, "report", "--all"));

        Assert.Equal(_night.Checkouts, json.Select(r => (string?)r!["repository"]));
        Assert.Equal(["tripped", "halted"], json[0]!["needs"]!.AsArray().Select(n => (string?)n!["kind"]));
        var queue = json.Single(r => (string?)r!["repository"] == _night.Queue.Path)!;
        Assert.Equal("question", (string?)queue["needs"]![0]!["kind"]);
        Assert.Equal(1, (int)queue["jobs"]![0]!["done"]!);
        Assert.StartsWith($"{_night.Runs.Path}: since ", text);
        Assert.Contains($"\n\n{_night.Queue.Path}: since ", text);
        Assert.True(text.IndexOf("plan: TRIPPED", StringComparison.Ordinal) < text.IndexOf("question D1 of night", StringComparison.Ordinal), text);
        Assert.Contains("  queue  night: 1 job(s) done, 1 failed", text);
    }

    [PostgresFact]
    public async Task The_shared_queue_a_second_checkout_worked_is_reported_in_the_first_under_its_host()
    {
        await BuildAsync();
        var team = _night.Team!;
        var host = Dns.GetHostName();

        var text = Ok(await _night.IasAsync(team.Clones[0], team.Env, "report", "--json"));
        var lines = Ok(await _night.IasAsync(team.Clones[0], team.Env, "report")).Split('\n');

        var jobs = Assert.Single(JsonNode.Parse(text)!["jobs"]!.AsArray())!;
        Assert.Equal((host, 1), ((string?)jobs["host"], (int)jobs["done"]!));
        var done = Array.IndexOf(lines, "DONE");
        Assert.True(done > 0 && Array.IndexOf(lines, "NEEDS YOU") < 0, string.Join('\n', lines));
        Assert.Equal($"  queue  night on {host}: 1 job(s) done, 1 failed", lines[done + 1]);
        Assert.StartsWith("      1 config_error: exited 1 without a result event", lines[done + 2]);
        Assert.Contains(lines, l => l.StartsWith($"  sim on {host}: 2 call(s), ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("runs", 120, 40)]
    [InlineData("runs", 80, 24)]
    [InlineData("queue", 120, 40)]
    [InlineData("queue", 80, 24)]
    public async Task The_dashboard_opens_on_the_morning_screen_of_the_night(string repo, int width, int height)
    {
        Tmux.AssertInstalled();
        await BuildAsync();
        var (path, env) = repo == "runs" ? (_night.Runs.Path, new Dictionary<string, string>()) : (_night.Queue.Path, new Dictionary<string, string>(_night.Queue.Env));
        using var tmux = Tmux.Start(width, height, path, env.Concat(_night.Registry).ToDictionary(), "dashboard");

        // A frame reaches tmux in pieces: the screen counts once two looks in a row agree.
        var last = "";
        var screen = await tmux.WaitForAsync(s => s.Contains("NEEDS YOU", StringComparison.Ordinal) && s == Interlocked.Exchange(ref last, s), "the morning screen, drawn whole", Timeout);

        SteadyScreen.AssertGolden($"night-{repo}-{width}x{height}", SteadyScreen.Of(screen));
    }

    /// <summary>The night, built by the first check that asks; said when it has no team's shared queue, and why.</summary>
    private async Task BuildAsync()
    {
        await _night.BuildAsync(_postgres);
        if (_night.Shared is { } why)
        {
            _output.WriteLine($"the night has no team's shared queue: {why}");
        }
    }

    private async Task<string> ReportAsync(string checkout)
    {
        return Ok(await _night.IasAsync(checkout, checkout == _night.Queue.Path ? _night.Queue.Env : null, "report"));
    }

    private async Task<JsonObject> JsonAsync(string checkout)
    {
        return JsonNode.Parse(Ok(await _night.IasAsync(checkout, checkout == _night.Queue.Path ? _night.Queue.Env : null, "report", "--json")))!.AsObject();
    }

    private static string Ok((int Code, string Out, string Err) r)
    {
        Assert.True(r.Code == 0, $"exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        return r.Out.TrimEnd('\n');
    }
}
