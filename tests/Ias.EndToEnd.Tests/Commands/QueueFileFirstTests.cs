using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The queue from files, through the real `ias`: a batch of JSON Lines enqueued all or none, and job files dropped into
/// queue/pending/ picked up by the runner (an invalid one moved to failed/ with its reason, never deleted).
/// </summary>
public sealed class QueueFileFirstTests
{
    [Fact]
    public async Task A_batch_file_enqueues_every_line_in_order_and_the_runner_runs_them_all()
    {
        using var repo = await QueueRepo.CreateAsync();
        Directory.CreateDirectory(Path.Combine(repo.Path, "tasks"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "tasks", "review.md"), "Review the greeting.\n");
        await DemoTests.Git(repo.Path, "add", "tasks");
        await DemoTests.Git(repo.Path, "commit", "-qm", "tasks");
        var batch = repo.Outside("jobs.jsonl");
        await File.WriteAllTextAsync(batch, """
            {"role": "implementer", "prompt": "Build the greeting."}

            {"role": "reviewer", "prompt_file": "tasks/review.md"}
            {"role": "orchestrator", "prompt": "Propose next steps.", "agent": "sim", "write": false}

            """);

        var said = await repo.OkAsync("enqueue", "--run", repo.Run, "--from-file", batch);

        Assert.Contains("enqueued 3 jobs in run night (0001-implementer to 0003-orchestrator, 1 writing, pending)", said);
        var jobs = await repo.JobsAsync();
        Assert.Equal("Review the greeting.\n", (string)jobs["0002-reviewer"]["prompt"]!);
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.All((await repo.JobsAsync()).Values, j => Assert.Equal("done", (string)j["state"]!));
        await repo.AssertMirrorAgreesAsync();
    }

    [Theory]
    [InlineData("{\"role\": \"reviewer\", \"prompt\": \"ok\"}\n{\"role\": \"reviewer\"}\n", ":2: no prompt: add \"prompt\" or \"prompt_file\"; nothing was enqueued")]
    [InlineData("{\"role\": \"reviewer\", \"prompt\": \"ok\"}\n[1, 2]\n", ":2: not a JSON object")]
    [InlineData("{\"role\": \"reviewer\", \"prompt_file\": \"/etc/hostname\"}\n", ":1: prompt file /etc/hostname is outside the repository")]
    public async Task A_bad_line_is_refused_with_its_file_and_line_and_nothing_is_enqueued(string lines, string expected)
    {
        using var repo = await QueueRepo.CreateAsync();
        var batch = repo.Outside("jobs.jsonl");
        await File.WriteAllTextAsync(batch, lines);

        var r = await repo.IasAsync("enqueue", "--run", repo.Run, "--from-file", batch);

        Assert.Equal(2, r.Code);
        Assert.Equal($"ias: {batch}{expected}", Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries))[..($"ias: {batch}".Length + expected.Length)]);
        Assert.Empty(await repo.JobsAsync());
    }

    [Fact]
    public async Task From_file_with_a_single_jobs_option_is_refused()
    {
        using var repo = await QueueRepo.CreateAsync();
        var batch = repo.Outside("jobs.jsonl");
        await File.WriteAllTextAsync(batch, "{\"role\": \"reviewer\", \"prompt\": \"ok\"}\n");

        var r = await repo.IasAsync("enqueue", "--run", repo.Run, "--from-file", batch, "--role", "reviewer");

        Assert.Equal(2, r.Code);
        Assert.Contains("--from-file and --role both given", r.Err);
        Assert.Empty(await repo.JobsAsync());
    }

    [Fact]
    public async Task A_runner_folder_another_tool_made_is_adopted_by_run_loop_and_its_jobs_run_with_its_files_kept()
    {
        using var repo = await QueueRepo.CreateAsync();
        var ext = Path.Combine(repo.Path, "docs", "ias", "runs", "ext", "runner");
        var done = Path.Combine(ext, "queue", "done", "0007-reviewer.json");
        const string DoneByOther = "{\"id\": \"0007-reviewer\", \"role\": \"reviewer\", \"prompt\": \"Review it.\", \"result\": \"fine\"}";
        Directory.CreateDirectory(Path.GetDirectoryName(done)!);
        Directory.CreateDirectory(Path.Combine(ext, "queue", "pending"));
        await File.WriteAllTextAsync(done, DoneByOther);
        await File.WriteAllTextAsync(Path.Combine(ext, "queue", "pending", "next.json"), """{"role": "orchestrator", "prompt": "Analyze the codebase."}""");
        await File.WriteAllTextAsync(Path.Combine(ext, "config.json"), """{"timeout_minutes": 30}""");

        var status = await repo.IasAsync("status", "--run", "ext");
        var loop = await repo.OkAsync("run-loop", "--run", "ext", "--stop-when-idle");

        Assert.Equal((2, "ias: run ext has a runner folder another tool made: adopt it with `ias init --run ext`"), (status.Code, status.Err.Trim()));
        Assert.Contains("adopted run ext, whose runner folder another tool made: its 1 pending job file(s) run here, its other files stay as they are (config.json copied to *.before-ias first)", loop);
        Assert.Contains("job file next.json enqueued as 0008-orchestrator", loop);
        var job = JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", "ext"))!["jobs"]!.AsArray().Single()!;
        Assert.Equal(("0008-orchestrator", "done"), ((string)job["id"]!, (string)job["state"]!));
        Assert.Equal(DoneByOther, await File.ReadAllTextAsync(done));
        Assert.Equal("""{"timeout_minutes": 30}""", await File.ReadAllTextAsync(Path.Combine(ext, "config.json.before-ias")));
        Assert.True(File.Exists(Path.Combine(ext, "queue", "done", "0008-orchestrator.json")));
    }

    [Fact]
    public async Task Job_files_dropped_into_pending_are_run_and_a_bad_one_is_kept_in_failed_with_its_reason()
    {
        using var repo = await QueueRepo.CreateAsync();
        var pending = Path.Combine(repo.RunnerDir, "queue", "pending");
        await File.WriteAllTextAsync(Path.Combine(pending, "greeting.json"), """{"role": "implementer", "prompt": "Build the greeting."}""");
        await File.WriteAllTextAsync(Path.Combine(pending, "typo.json"), """{"role": "reviewer", "promt": "Look."}""");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains("job file greeting.json enqueued as 0001-implementer (writes)", loop);
        Assert.Contains("job file typo.json refused: unknown field \"promt\"", loop);
        Assert.Contains("job 0001-implementer done: 1 commit(s)", loop);
        Assert.False(File.Exists(Path.Combine(pending, "greeting.json")));
        var failed = Path.Combine(repo.RunnerDir, "queue", "failed");
        Assert.Equal("""{"role": "reviewer", "promt": "Look."}""", await File.ReadAllTextAsync(Path.Combine(failed, "rejected-typo.json")));
        Assert.Contains("unknown field \"promt\"", await File.ReadAllTextAsync(Path.Combine(failed, "rejected-typo.json.reason")));
        Assert.Equal(["0001-implementer"], (await repo.JobsAsync()).Keys);
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task Files_named_as_jobs_are_run_or_refused_at_the_runners_next_start_never_deleted()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("reviewer", "Look at the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        var queue = Path.Combine(repo.RunnerDir, "queue");
        var pending = Path.Combine(queue, "pending");
        File.Copy(Path.Combine(queue, "done", "0001-reviewer.json"), Path.Combine(pending, "0001-reviewer.json"));
        await File.WriteAllTextAsync(Path.Combine(pending, "0050-reviewer.json"), """{"role": "reviewer", "prompt": "Look again."}""");
        await File.WriteAllTextAsync(Path.Combine(pending, "0099-bad.json"), """{"role": "reviewer", "promt": "Look."}""");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains("job file dropped-0001-reviewer.json enqueued as 0002-reviewer (read-only)", loop);
        Assert.Contains("job file dropped-0050-reviewer.json enqueued as 0003-reviewer (read-only)", loop);
        Assert.Contains("job file dropped-0099-bad.json refused: unknown field \"promt\"", loop);
        var jobs = await repo.JobsAsync();
        Assert.Equal(["0001-reviewer", "0002-reviewer", "0003-reviewer"], jobs.Keys.Order());
        Assert.All(jobs.Values, j => Assert.Equal("done", (string)j["state"]!));
        Assert.Equal("Look again.", (string)jobs["0003-reviewer"]["prompt"]!);
        Assert.Equal("""{"role": "reviewer", "promt": "Look."}""", await File.ReadAllTextAsync(Path.Combine(queue, "failed", "rejected-dropped-0099-bad.json")));
        Assert.Empty(Directory.EnumerateFiles(pending));
        await repo.AssertMirrorAgreesAsync();
    }

    [Fact]
    public async Task A_jobs_agent_queues_follow_up_jobs_that_the_runner_then_runs()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""
            {"follow_ups": [
              {"cycle": 1, "name": "review.json", "text": "{\"role\": \"reviewer\", \"prompt\": \"Review what job 1 built.\"}"},
              {"cycle": 1, "name": "typo.json", "text": "{\"role\": \"reviewer\"}"}
            ]}
            """);
        await repo.EnqueueAsync("implementer", "Build the greeting.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains("job 0001-implementer queued 1 follow-up job(s): 0002-reviewer", loop);
        Assert.Contains("job 0001-implementer: follow-up typo.json refused: no prompt", loop);
        var jobs = await repo.JobsAsync();
        Assert.Equal(["0001-implementer", "0002-reviewer"], jobs.Keys.Order());
        Assert.Equal(("done", "Review what job 1 built."), ((string)jobs["0002-reviewer"]["state"]!, (string)jobs["0002-reviewer"]["prompt"]!));
        await repo.AssertMirrorAgreesAsync();
    }
}
