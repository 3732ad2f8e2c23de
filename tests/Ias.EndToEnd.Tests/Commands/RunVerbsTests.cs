using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>`ias status`, `ias halt` and `ias resume` through the real ias, on a queue run and on a Run Mode run.</summary>
public sealed partial class RunVerbsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task On_a_queue_run_halt_stops_its_detached_runner_and_resume_starts_it_again_to_do_a_pending_job()
    {
        using var repo = await QueueRepo.CreateAsync();
        var first = Pid(await repo.OkAsync("run-loop", "--run", repo.Run, "--detach"));

        var halt = await repo.OkAsync("halt", "--run", repo.Run);
        Assert.Contains($"stop sent to the runner of night (pid {first} on", halt);
        await Until.TrueAsync(() => !Until.Alive(first), "the runner's exit after ias halt", Timeout);
        await repo.EnqueueAsync("implementer", "Build the greeting.");

        var resume = await repo.OkAsync("resume", "--run", repo.Run);
        var second = Pid(resume);
        try
        {
            Assert.Contains($"its log: {Path.Combine(repo.RunnerDir, "runner.log")}", resume);
            await Until.TrueAsync(async () => (await repo.JobsAsync())["0001-implementer"]["state"]!.ToString() == "done", "the job done by the resumed runner", Timeout);
        }
        finally
        {
            await repo.OkAsync("halt", "--run", repo.Run);
            await Until.TrueAsync(() => !Until.Alive(second), "the resumed runner's exit after ias halt", Timeout);
        }
    }

    [Fact]
    public async Task On_a_checkout_with_queue_runs_alone_status_prints_the_newest_runs_queue_as_it_always_did()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");

        var status = await repo.OkAsync("status");

        Assert.StartsWith("run night · runner not running\n", status);
        Assert.Contains("  0001-implementer", status);
        Assert.Equal(status, await repo.OkAsync("status", "--latest"));
        // The JSON's run state carries the time it was read; its run and jobs are the named run's.
        var named = JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", repo.Run))!;
        var told = JsonNode.Parse(await repo.OkAsync("status", "--json"))!;
        Assert.Equal(("night", named["jobs"]!.ToJsonString()), ((string?)told["run"], told["jobs"]!.ToJsonString()));
    }

    [Fact]
    public async Task An_option_of_the_other_kind_of_run_is_refused_in_one_line_and_changes_nothing()
    {
        using var repo = await QueueRepo.CreateAsync();
        var before = await repo.OkAsync("status");

        var refused = await repo.IasAsync("halt", "--jack-out");

        Assert.Equal(2, refused.Code);
        Assert.Equal("ias: --jack-out applies to the Run Mode run, and `ias halt` picked a queue run: pass --run-mode for the Run Mode run, or leave --jack-out out", refused.Err.Trim());
        Assert.Equal(before, await repo.OkAsync("status"));
    }

    [Fact]
    public async Task On_a_run_mode_run_status_is_run_status_and_halt_and_resume_halt_and_resume_it()
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("implementer (sim) started");

        var halt = await repo.IasAsync("halt", "--run-mode", "--reason", "lunch");
        Assert.True(halt.Code == 0, halt.Out + halt.Err);
        Assert.Contains("halt sent to the engine", halt.Out);
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(1, await engine.ExitAsync());

        var old = await repo.IasAsync("run-status", "--json");
        var status = await repo.IasAsync("status", "--run-mode", "--json");
        Assert.Equal((1, old.Out), (status.Code, status.Out));
        Assert.Equal("lunch", JsonDocument.Parse(status.Out).RootElement.GetProperty("halt_reason").GetString());
        Assert.Equal(old.Out, (await repo.IasAsync("status", "--json")).Out); // the Run Mode run is the only one: picked untold

        var resume = await repo.IasAsync(env, "resume", "--run-mode");
        Assert.True(resume.Code == 0, resume.Out + resume.Err);
        Assert.Contains("HALTED → RUNNING", resume.Out);
        Assert.Equal("JACKED_OUT", JsonDocument.Parse((await repo.IasAsync("status", "--json")).Out).RootElement.GetProperty("state").GetString());
    }

    private static int Pid(string started)
    {
        var match = StartedLine().Match(started);
        Assert.True(match.Success, started);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"runner of night started detached \(pid (\d+)\)")]
    private static partial Regex StartedLine();
}
