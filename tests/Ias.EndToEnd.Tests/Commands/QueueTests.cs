using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Jobs.Store;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The job queue through the real `ias`, the simulated agent and real git: jobs, leases, retries, recovery.</summary>
public sealed class QueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Enqueued_jobs_run_to_done_with_commits_and_changed_files_as_evidence()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.EnqueueAsync("orchestrator", "Propose next steps.", "--agent", "sim");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains("job 0001-implementer done: 1 commit(s), 2 file(s)", loop);
        var jobs = await repo.JobsAsync();
        Assert.All(jobs.Values, j => Assert.Equal("done", (string)j["state"]!));
        var evidence = jobs["0001-implementer"]["evidence"]!;
        var sha = (string)evidence["commits"]![0]!;
        Assert.Equal(sha, (await DemoTests.Git(repo.Path, "rev-parse", repo.Branch)).Trim());
        Assert.Equal(["sim/night/cycle-1.md", "sim/night/feature.txt"], evidence["changed_files"]!.AsArray().Select(f => (string)f!).Order());
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());

        // The read-only reviewer never commits, and no commit carries the runner's own folder.
        Assert.Empty(jobs["0002-reviewer"]["evidence"]!["commits"]!.AsArray());
        Assert.Equal(("sim", false), ((string)jobs["0003-orchestrator"]["agent"]!, (bool)jobs["0003-orchestrator"]["writes"]!));
        Assert.Single((await DemoTests.Git(repo.Path, "log", "--format=%s", $"HEAD..{repo.Branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("docs/ias", await DemoTests.Git(repo.Path, "show", "--name-only", "--format=", repo.Branch));

        var result = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "jobs", "0002-reviewer", "result.json")))!;
        Assert.Equal("done", (string)result["outcome"]!);
        Assert.Equal(0, (int)result["exit_code"]!);
        Assert.True(File.Exists(Path.Combine(repo.RunnerDir, "jobs", "0002-reviewer", "attempt-1", "stdout.jsonl")));
        Assert.Equal("Review the greeting.", await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "jobs", "0002-reviewer", "prompt.md")));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Kill_9_of_the_runner_mid_job_takes_its_boxed_agent_with_it_and_recover_puts_the_job_back()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "hang"}]}""");
        await repo.EnqueueAsync("implementer", "First change.");

        await using (var runner = repo.Start("run-loop", "--run", repo.Run))
        {
            await runner.WaitForLineAsync("job 0001-implementer agent session", Timeout);
            using var agent = System.Diagnostics.Process.GetProcessById(int.Parse(
                (await File.ReadAllTextAsync(Path.Combine(repo.Path, ".run", "queue", repo.Run + ".agent.pid"))).Split(' ')[0], CultureInfo.InvariantCulture));
            runner.Kill9();
            await runner.ExitAsync(Timeout);

            // The box dies with the runner that started it: no orphan is left for recover to find.
            await agent.WaitForExitAsync().WaitAsync(Timeout);
        }

        await repo.ScenarioAsync("{}");
        var recovered = await repo.OkAsync("recover", "--run", repo.Run);
        Assert.DoesNotContain("stopped agent process group", recovered, StringComparison.Ordinal);
        Assert.Contains("job 0001-implementer back to pending (attempt 1 recorded)", recovered);
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.Equal("done", (string)(await repo.JobsAsync())["0001-implementer"]["state"]!);
    }

    [Fact]
    public async Task Kill_9_of_the_unsandboxed_runner_mid_job_then_recover_and_run_loop_finish_every_job_exactly_once()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "hang"}]}""");
        await repo.EnqueueAsync("implementer", "First change.");
        await repo.EnqueueAsync("implementer", "Second change.");
        await repo.EnqueueAsync("reviewer", "Review both.");

        await using (var runner = repo.Start("run-loop", "--run", repo.Run, "--no-sandbox"))
        {
            await runner.WaitForLineAsync("job 0001-implementer agent session", Timeout);
            runner.Kill9();
            await runner.ExitAsync(Timeout);
        }

        var agentGroup = int.Parse((await File.ReadAllTextAsync(Path.Combine(repo.Path, ".run", "queue", repo.Run + ".agent.pid"))).Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(Alive(agentGroup), "the hanging agent outlives its killed runner");
        Assert.Equal("running", (string)(await repo.JobsAsync())["0001-implementer"]["state"]!);

        // The folder of a killed runner may be up to a second behind the database (docs/queue.md): the jobs it had not
        // written yet stay listed there, and recover's catch-up writes them (the folder is compared once it ran, below).
        await repo.ScenarioAsync("{}");
        var recovered = await repo.OkAsync("recover", "--run", repo.Run);
        Assert.Contains("taken over from pid", recovered);
        Assert.Contains($"stopped agent process group {agentGroup}", recovered);
        Assert.Contains("job 0001-implementer back to pending (attempt 1 recorded)", recovered);
        Assert.False(Alive(agentGroup), "recover stops the orphaned agent");
        await repo.AssertMirrorAgreesAsync();

        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        var jobs = await repo.JobsAsync();
        Assert.All(jobs.Values, j => Assert.Equal("done", (string)j["state"]!));
        Assert.All(jobs.Values, j => Assert.Single(j["history"]!.AsArray(), h => (string)h!["outcome"]! == "done"));
        Assert.Equal(["recovered", "done"], jobs["0001-implementer"]["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        Assert.Equal(2, (int)jobs["0001-implementer"]["attempts"]!);
        var subjects = (await DemoTests.Git(repo.Path, "log", "--format=%s", $"HEAD..{repo.Branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(subjects, s => s.Contains("job 0001-implementer", StringComparison.Ordinal));
        Assert.Single(subjects, s => s.Contains("job 0002-implementer", StringComparison.Ordinal));
        Assert.Equal(2, subjects.Length);
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_commit_made_before_the_runner_was_killed_is_recorded_as_the_jobs_result_without_running_the_agent_again()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.OkAsync("run-once", "--run", repo.Run);
        var head = (await DemoTests.Git(repo.Path, "rev-parse", repo.Branch)).Trim();

        // The database as a kill -9 between the commit and recording the job done leaves it: still running, no result.
        using (var store = Ias.Core.Storage.RunStore.Open(Path.Combine(repo.Path, ".run", "ias.db")))
        {
            var jobs = new SqliteQueueStore(store);
            var job = jobs.FindJob(repo.Run, "0001-implementer")!;
            jobs.UpdateJob(job with
            {
                State = Ias.Core.Jobs.Records.JobState.Running,
                Ended = null,
                Evidence = null,
                Reason = null,
                History = [],
                LeaseOwner = "killed-runner",
                LeaseExpires = DateTimeOffset.UtcNow.AddMinutes(15),
            });
        }

        await repo.OkAsync("recover", "--run", repo.Run);
        var once = await repo.OkAsync("run-once", "--run", repo.Run);

        Assert.Contains($"job 0001-implementer done: its commit {head[..7]} from an earlier attempt is recorded", once);
        var done = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal(["recovered", "done"], done["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        Assert.Equal([head], done["evidence"]!["commits"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(["sim/night/cycle-1.md", "sim/night/feature.txt"], done["evidence"]!["changed_files"]!.AsArray().Select(f => (string)f!).Order());
        Assert.Equal(head, (await DemoTests.Git(repo.Path, "rev-parse", repo.Branch)).Trim());
        Assert.False(Directory.Exists(Path.Combine(repo.RunnerDir, "jobs", "0001-implementer", "attempt-2")), "the agent is not run a second time");
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Sigterm_stops_the_runners_agent_and_puts_its_job_back_to_pending()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "hang"}]}""");
        await repo.EnqueueAsync("implementer", "Never finishes.");
        await using var runner = repo.Start("run-loop", "--run", repo.Run);
        await runner.WaitForLineAsync("job 0001-implementer agent session", Timeout);
        var agentGroup = int.Parse((await File.ReadAllTextAsync(Path.Combine(repo.Path, ".run", "queue", repo.Run + ".agent.pid"))).Split(' ')[0], CultureInfo.InvariantCulture);

        System.Diagnostics.Process.Start("kill", ["-TERM", runner.Pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit(10_000);

        Assert.Equal(1, await runner.ExitAsync(Timeout));
        Assert.Contains("job 0001-implementer back to pending", runner.Stdout);
        Assert.False(Alive(agentGroup), "the runner stops its agent before it exits");
        var job = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal(("pending", "recovered", "the runner was interrupted"), ((string)job["state"]!, (string)job["history"]![0]!["outcome"]!, (string)job["history"]![0]!["reason"]!));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_second_runner_is_refused_with_the_first_ones_pid_while_it_lives_and_admitted_after_it_dies()
    {
        using var repo = await QueueRepo.CreateAsync();
        await using var first = repo.Start("run-loop", "--run", repo.Run);
        await first.WaitForLineAsync("runner of night started", Timeout);

        var refused = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.Equal(2, refused.Code);
        Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"already has a runner (pid {first.Pid} on", refused.Err);

        first.Kill9();
        await first.ExitAsync(Timeout);
        await repo.EnqueueAsync("reviewer", "Look around.");
        var admitted = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains($"runner lock of night taken over from pid {first.Pid} on", admitted);
        Assert.Contains("job 0001-reviewer done", admitted);
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_crashing_agent_is_retried_after_a_backoff_and_failed_with_its_reason_after_max_attempts()
    {
        using var repo = await QueueRepo.CreateAsync(queueYaml: "    retry: { max_attempts: 2, backoff_seconds: 0.4 }\n");
        await repo.ScenarioAsync("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "crash"}]}""");
        await repo.EnqueueAsync("implementer", "This one crashes.");
        await repo.EnqueueAsync("reviewer", "This one works.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        // Each line says the cause (the agent's exit) before what the queue decided.
        Assert.Matches(@"job 0001-implementer retry: .+ — crash: attempt 1 of 2 failed", loop);
        Assert.Matches(@"job 0001-implementer failed: .+ — crash: gave up after 2 attempt\(s\)", loop);
        var jobs = await repo.JobsAsync();
        var failed = jobs["0001-implementer"];
        Assert.Equal("failed", (string)failed["state"]!);
        Assert.Equal("crash", (string)failed["failure"]!);
        Assert.Contains("simulated crash", (string)failed["reason"]!);
        var history = failed["history"]!.AsArray();
        Assert.Equal(["retry", "failed"], history.Select(h => (string)h!["outcome"]!));
        var firstEnded = DateTimeOffset.Parse((string)history[0]!["ended"]!, CultureInfo.InvariantCulture);
        var secondStarted = DateTimeOffset.Parse((string)history[1]!["started"]!, CultureInfo.InvariantCulture);
        Assert.True(secondStarted - firstEnded >= TimeSpan.FromSeconds(0.2), $"the retry waited {secondStarted - firstEnded}, less than half the first backoff");
        Assert.Equal("done", (string)jobs["0002-reviewer"]["state"]!);
        await repo.AssertMirrorAgreesAsync();

        await repo.ScenarioAsync("{}");
        Assert.Contains("1 failed job(s) of night back to pending", await repo.OkAsync("retry-failed", "--run", repo.Run, "--reset-attempts"));
        await repo.OkAsync("run-once", "--run", repo.Run);
        Assert.Equal("done", (string)(await repo.JobsAsync())["0001-implementer"]["state"]!);
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_usage_limit_parks_the_whole_queue_until_the_reset_and_gives_the_attempt_back()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""{"fail": [{"role": "reviewer", "cycle": 1, "mode": "usage_limit"}]}""");
        await repo.EnqueueAsync("reviewer", "Hits the limit.");
        await repo.EnqueueAsync("reviewer", "Waits behind it.");

        var r = await repo.IasAsync("run-once", "--run", repo.Run);

        Assert.Equal(1, r.Code);
        Assert.Matches(@"job 0001-reviewer parked: .+ — usage_limit", r.Out);
        var state = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "state.json")))!;
        Assert.Equal("parked", (string)state["status"]!);
        var until = DateTimeOffset.Parse((string)state["parked_until"]!, CultureInfo.InvariantCulture);
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(61));
        var jobs = await repo.JobsAsync();
        Assert.Equal(("pending", 0, "parked"), ((string)jobs["0001-reviewer"]["state"]!, (int)jobs["0001-reviewer"]["attempts"]!, (string)jobs["0001-reviewer"]["history"]![0]!["outcome"]!));

        // Nothing runs while parked, not even the job behind it, and a new runner keeps the parking.
        var again = await repo.IasAsync("run-once", "--run", repo.Run);
        Assert.Contains("no job of night is due", again.Out);
        Assert.Equal("pending", (string)(await repo.JobsAsync())["0002-reviewer"]["state"]!);
        Assert.Contains("parked until", await repo.OkAsync("status", "--run", repo.Run));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_writing_job_that_gives_up_keeps_its_half_done_work_in_a_wip_commit_of_its_own()
    {
        // A custom agent that edits a file, then fails: its work must not ride along in the next job's commit.
        using var tmp = new Ias.Core.Tests.Support.TempDir();
        var script = Path.Combine(tmp.Path, "half-agent.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\ncat >/dev/null\necho 'half done' > partial.txt\necho 'agent gave up' >&2\nexit 1\n");
        Ias.Core.Safety.IceShim.MakeExecutable(script);
        using var repo = await QueueRepo.CreateAsync(
            queueYaml: "    retry: { max_attempts: 1 }\n",
            agentsYaml: $"  default: {{ agent: sim }}\n  implementer: {{ agent: custom, command: {script} }}\n");
        await repo.EnqueueAsync("implementer", "Try and fail.");
        await repo.EnqueueAsync("orchestrator", "Write notes.", "--write", "--agent", "sim");

        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        var jobs = await repo.JobsAsync();
        var failed = jobs["0001-implementer"];
        Assert.Equal(("failed", "crash"), ((string)failed["state"]!, (string)failed["failure"]!));
        Assert.Contains("agent gave up", (string)failed["reason"]!);
        Assert.Equal(["partial.txt"], failed["evidence"]!["changed_files"]!.AsArray().Select(f => (string)f!));
        var wip = (string)failed["evidence"]!["commits"]![0]!;
        Assert.Equal("WIP: Run halted - job 0001-implementer failed: crash", (await DemoTests.Git(repo.Path, "log", "-1", "--format=%s", wip)).Trim());
        var next = jobs["0002-orchestrator"];
        Assert.Equal("done", (string)next["state"]!);
        Assert.DoesNotContain("partial.txt", next["evidence"]!["changed_files"]!.AsArray().Select(f => (string)f!));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Stop_ends_the_runner_after_its_current_job_and_leaves_the_rest_pending()
    {
        using var repo = await QueueRepo.CreateAsync();
        // The implementer waits mid-turn for the release file, so the stop surely arrives during the first job.
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await repo.EnqueueAsync("implementer", "A slow change.");
        await repo.EnqueueAsync("reviewer", "Review it later.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run);
        await runner.WaitForLineAsync("job 0001-implementer agent session", Timeout);
        var stop = await repo.OkAsync("stop", "--run", repo.Run);
        Assert.Contains("it stops after its current job", stop);
        await File.WriteAllTextAsync(release, "");

        Assert.Equal(0, await runner.ExitAsync(Timeout));
        Assert.Contains("runner of night stopped on request after 1 job(s)", runner.Stdout);
        var jobs = await repo.JobsAsync();
        Assert.Equal("done", (string)jobs["0001-implementer"]["state"]!);
        Assert.Equal("pending", (string)jobs["0002-reviewer"]["state"]!);
        var state = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "state.json")))!;
        Assert.Equal("stopped", (string)state["status"]!);
        Assert.False((bool)state["stop_requested"]!);
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_running_jobs_tokens_grow_in_status_as_its_agent_reports_them_and_end_at_the_turns_own_figures()
    {
        using var repo = await QueueRepo.CreateAsync();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold_after_work"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        // The agent has done its work and waits before its result: what status shows now is what its messages reported.
        await using (var watch = repo.Start("status", "--watch", "--run", repo.Run))
        {
            var line = await watch.WaitForLineAsync("0001-implementer         running  attempts 1 · ", Timeout);
            Assert.Matches(@" · [\d,]+/[\d,]+ tokens$", line);
        }

        var live = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal("running", (string)live["state"]!);
        var (liveIn, liveOut) = ((long)live["usage"]!["tokens_in"]!, (long)live["usage"]!["tokens_out"]!);
        Assert.True(liveIn > 0 && liveOut > 0, $"no tokens while the job runs: {live["usage"]}");
        Assert.Null(live["usage"]!["cost_usd"]);

        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        var done = (await repo.JobsAsync())["0001-implementer"];
        var result = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "jobs", "0001-implementer", "result.json")))!;
        Assert.Equal(
            ((long)result["tokens_in"]!, (long)result["tokens_out"]!, (decimal)result["cost_usd"]!),
            ((long)done["usage"]!["tokens_in"]!, (long)done["usage"]!["tokens_out"]!, (decimal)done["usage"]!["cost_usd"]!));
        Assert.True((long)done["usage"]!["tokens_in"]! >= liveIn, "the turn's own total is less than what it reported on the way");
        Assert.Contains($"0001-implementer         done     attempts 1 · {(long)result["tokens_in"]!:N0}/{(long)result["tokens_out"]!:N0} tokens · ${(decimal)result["cost_usd"]!:0.####}", await repo.OkAsync("status", "--run", repo.Run));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Heartbeats_renew_a_lease_shorter_than_the_job_so_it_finishes_in_one_attempt()
    {
        // A 1.2-second lease renewed every 0.4 seconds, and an agent that takes about three seconds.
        using var repo = await QueueRepo.CreateAsync(queueYaml: "    lease_minutes: 0.02\n");
        await repo.ScenarioAsync("""{"slow_ms": 300, "fail": [{"role": "reviewer", "cycle": 1, "mode": "slow"}]}""");
        await repo.EnqueueAsync("reviewer", "Take your time.");

        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        var job = (await repo.JobsAsync())["0001-reviewer"];
        Assert.Equal(("done", 1), ((string)job["state"]!, (int)job["attempts"]!));
        Assert.Equal(["done"], job["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        var started = DateTimeOffset.Parse((string)job["started"]!, CultureInfo.InvariantCulture);
        var heartbeat = DateTimeOffset.Parse((string)job["heartbeat"]!, CultureInfo.InvariantCulture);
        Assert.True(heartbeat - started > TimeSpan.FromSeconds(1.2), $"last heartbeat {heartbeat - started} after the start: the lease was not renewed");
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Writing_jobs_enqueued_on_main_commit_on_the_runs_branch_and_never_touch_the_checkout_or_its_edits()
    {
        using var repo = await QueueRepo.CreateAsync();
        await DemoTests.Git(repo.Path, "switch", "-q", "main");
        await File.AppendAllTextAsync(Path.Combine(repo.Path, "README.md"), "an edit of the person's\n");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "notes.txt"), "untracked\n");
        var head = await DemoTests.Git(repo.Path, "rev-parse", "HEAD");
        var status = await DemoTests.Git(repo.Path, "status", "--porcelain");
        await repo.EnqueueAsync("implementer", "First change.");
        await repo.EnqueueAsync("implementer", "Second change.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains($"run night's writing jobs commit on {repo.Branch} in {repo.WorkTree}, from main at {head[..7]}; your checkout is not touched", loop);
        var jobs = await repo.JobsAsync();
        Assert.All(jobs.Values, j => Assert.Equal("done", (string)j["state"]!));
        // Each job builds on the last, on the run's branch; the checkout's branch, HEAD, edit and untracked file stay as they were.
        var subjects = (await DemoTests.Git(repo.Path, "log", "--format=%s", $"main..{repo.Branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["job 0002-implementer", "job 0001-implementer"], subjects.Select(s => s.Split(" — ")[0].Split(": ")[1]));
        Assert.Equal((string)jobs["0002-implementer"]["evidence"]!["commits"]![0]!, (await DemoTests.Git(repo.Path, "rev-parse", repo.Branch)).Trim());
        Assert.Equal(("main", head, status), ((await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim(), await DemoTests.Git(repo.Path, "rev-parse", "HEAD"), await DemoTests.Git(repo.Path, "status", "--porcelain")));
        // Nothing is left to do in the run's worktree once its runner stops: it is given back, the branch kept.
        Assert.False(Directory.Exists(repo.WorkTree));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Status_watch_prints_the_queue_again_when_it_changes()
    {
        using var repo = await QueueRepo.CreateAsync();
        await using var watch = repo.Start("status", "--watch", "--run", repo.Run);
        await watch.WaitForLineAsync("pending 0 · running 0 · blocked 0 · done 0 · failed 0", Timeout);

        await repo.EnqueueAsync("reviewer", "Look.");

        await watch.WaitForLineAsync("pending 1 · running 0 · blocked 0 · done 0 · failed 0", Timeout);
        await watch.WaitForLineAsync("0001-reviewer", Timeout);
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Stop_without_a_runner_says_so_and_sets_nothing()
    {
        using var repo = await QueueRepo.CreateAsync();

        var r = await repo.IasAsync("stop", "--run", repo.Run);

        Assert.Equal(1, r.Code);
        Assert.Contains("no runner is working on night", r.Out);
        var state = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "state.json")))!;
        Assert.False((bool)state["stop_requested"]!);
        await repo.AssertMirrorAgreesAsync();
    }

    // A zombie waiting for its reaper counts as gone.
    private static bool Alive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
