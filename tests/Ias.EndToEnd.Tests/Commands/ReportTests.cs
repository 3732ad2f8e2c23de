using System.Text.Json.Nodes;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>`ias report` through the real ias, after a night of real runs with the simulated agent.</summary>
public sealed class ReportTests
{
    [Fact]
    public async Task A_queue_night_is_reported_question_first_then_jobs_by_failure_then_cost_and_read_once()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.NightAsync(
            """{"fail": [{"role": "reviewer", "mode": "config_error"}], "ask": [{"role": "auditor", "question": "Which cache, Redis or memory?"}]}""",
            ("implementer", "Build the greeting."), ("reviewer", "Review it."), ("reviewer", "Review it again."), ("auditor", "Audit it."));

        // A script's --json leaves the person's mark alone: the text after it still has the whole night.
        var json = JsonNode.Parse(await repo.OkAsync("report", "--json"))!.AsObject();
        var report = await repo.OkAsync("report");

        var lines = report.Split('\n');
        var needs = Array.FindIndex(lines, l => l == "NEEDS YOU (1)");
        var done = Array.IndexOf(lines, "DONE");
        var cost = Array.IndexOf(lines, "COST");
        Assert.True(needs > 0 && done > needs && cost > done, report);
        Assert.Matches(@"^  question D1 of night, waiting \d+m: Which cache, Redis or memory\?$", lines[needs + 1]);
        Assert.Equal("      ias answer D1 \"…\"", lines[needs + 2]);
        Assert.Equal("  queue  night: 1 job(s) done, 2 failed", lines[done + 1]);
        Assert.StartsWith("      2 config_error: exited 1 without a result event", lines[done + 2]);
        Assert.EndsWith("(0002-reviewer, 0003-reviewer)", lines[done + 2]);
        Assert.Matches(@"^  sim: 4 call\(s\), [0-9.k]+ tokens in, [0-9.k]+ out, \$0\.\d+, \d+m of agent time$", lines[cost + 1]);

        Assert.Equal("question", json["needs"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(1, json["jobs"]![0]!["done"]!.GetValue<int>());
        Assert.Equal(["0002-reviewer", "0003-reviewer"], json["jobs"]![0]!["failures"]![0]!["jobs"]!.AsArray().Select(j => j!.GetValue<string>()));
        Assert.Equal(4, json["agents"]![0]!["calls"]!.GetValue<int>());

        // Read once, the night is behind the person: the next report has only what still waits.
        var again = await repo.OkAsync("report");
        Assert.Contains("NEEDS YOU (1)", again);
        Assert.DoesNotContain("DONE", again);
        Assert.DoesNotContain("COST", again);
        Assert.Contains("\"jobs\": []", await repo.OkAsync("report", "--json"));
    }

    [Fact]
    public async Task A_halted_run_is_reported_with_the_command_that_resumes_it_and_the_day_against_its_cap()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\nias:\n  budget:\n    daily_usd: 0.000001\n");
        RunGit.AssertExit(1, await repo.IasAsync("run", "sprint-1", "--local", "--headless"));

        var report = await repo.IasAsync("report", "--since", "1h");

        Assert.Equal(0, report.Code);
        var lines = report.Out.Split('\n');
        var halted = Array.FindIndex(lines, l => l.StartsWith("  HALTED   run-", StringComparison.Ordinal));
        Assert.True(halted > 0, report.Out);
        Assert.Contains(": sprint: HALTED — budget:", lines[halted]);
        Assert.Equal("      ias run-resume", lines[halted + 1]);
        Assert.Matches(@"^  today \(UTC\): \$0\.\d+ of \$0\.000001 \(ias\.budget\.daily_usd\)$", lines.Single(l => l.StartsWith("  today", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task All_reports_every_repository_of_the_box_where_ias_worked_this_one_first()
    {
        // A registry of its own: --all marks every repository it reports read, and the box's would be other tests' too.
        using var state = new TempDir();
        var registry = new Dictionary<string, string> { ["XDG_STATE_HOME"] = state.Path };
        using var here = await QueueRepo.CreateAsync();
        using var there = await QueueRepo.CreateAsync(run: "other");
        await here.EnqueueAsync("reviewer", "Review here.");
        await there.OkAsync("enqueue", "--run", "other", "--role", "reviewer", "--prompt", "Review there.");
        await here.IasAsync(registry, "run-once", "--run", here.Run);
        await there.IasAsync(registry, "run-once", "--run", "other");

        var json = JsonNode.Parse((await here.IasAsync(registry, "report", "--all", "--json")).Out)!.AsArray();
        var text = (await here.IasAsync(registry, "report", "--all")).Out;

        Assert.Equal([here.Path, there.Path], json.Select(r => r!["repository"]!.GetValue<string>()));
        Assert.Equal(1, json[1]!["jobs"]![0]!["done"]!.GetValue<int>());
        Assert.StartsWith($"{here.Path}: since ", text);
        Assert.Contains($"\n\n{there.Path}: since ", text);
        Assert.Contains("  queue  other: 1 job(s) done, 0 failed", text);
        Assert.True(File.Exists(System.IO.Path.Combine(there.Path, ".run", "report.read")), "each repository's report is marked read");

        // The box-wide view works from a folder outside any repository (a home, a fresh pane): every repository, none first.
        using var outside = new TempDir();
        var anywhere = await IasProcess.RunAsync(outside.Path, here.Env.Concat(registry).ToDictionary(), "report", "--all", "--json");
        Assert.True(anywhere.Code == 0, anywhere.Err);
        Assert.Equal(new[] { here.Path, there.Path }.Order(StringComparer.Ordinal), JsonNode.Parse(anywhere.Out)!.AsArray().Select(r => r!["repository"]!.GetValue<string>()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Path));
        using var fresh = new TempDir();
        var none = await IasProcess.RunAsync(outside.Path, new Dictionary<string, string> { ["XDG_STATE_HOME"] = fresh.Path }, "report", "--all");
        Assert.Equal((0, $"no repository of this box has run ias yet (they are remembered in {fresh.Path}/ias/checkouts)"), (none.Code, none.Out.Trim()));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("3w")]
    public async Task A_since_that_names_no_time_is_refused_in_one_line_and_leaves_the_mark(string since)
    {
        using var repo = await QueueRepo.CreateAsync();

        var r = await repo.IasAsync("report", "--since", since);

        Assert.Equal(2, r.Code);
        Assert.Equal($"ias: --since {since} is neither a duration (12h, 90m, 2d) nor a time (22:00 in UTC, or 2026-11-25T22:00:00Z)", r.Err.Trim());
        Assert.False(File.Exists(System.IO.Path.Combine(repo.Path, ".run", "report.read")));
    }
}
