using System.Text.Json;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// One writer per repository: a Run Mode run (in its worktree) and a queue runner's writing job (in the checkout) never work
/// at once, since they share ICE's pre-push hook; the second is refused with who holds the checkout and how to stop it, and
/// a writing job never commits the user's own edits.
/// </summary>
public sealed class OneWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(new[] { "run", "sprint-1" }, "implementer", "implementer (sim) started", "a Run Mode run of sprint-1")]
    [InlineData(new[] { "run", "sprint-plan" }, "implementer", "implementer (sim) started", "a sprint plan")]
    [InlineData(new[] { "run", "--bug", "Greeting is rude" }, "triager", "triage started", "a bug run of bug ")]
    public async Task A_queue_runner_is_refused_a_writing_job_while_a_run_a_plan_or_a_bug_run_writes_but_runs_a_read_only_one(
        string[] command, string heldRole, string heldLine, string holder)
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "{{heldRole}}", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, [.. command, "--local", "--headless"]);
        await engine.WaitForLineAsync(heldLine, Timeout);
        // The run works in a worktree of its own; a writing job commits on the checkout's branch, a feature branch here.
        await DemoTests.Git(repo.Path, "switch", "--quiet", "-c", "feature/queue");
        await OkAsync(repo, env, "new-run", "night");
        await OkAsync(repo, env, "init", "--run", "night");
        await OkAsync(repo, env, "enqueue", "--run", "night", "--role", "reviewer", "--prompt", "Look around.");
        await OkAsync(repo, env, "enqueue", "--run", "night", "--role", "implementer", "--prompt", "Change something.");

        var refused = await repo.IasAsync(env, "run-loop", "--run", "night", "--stop-when-idle");

        Assert.Equal(2, refused.Code);
        var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ias: {holder}", line);
        Assert.Contains($"(pid {engine.Pid}, since ", line);
        Assert.EndsWith(") is writing in this checkout; halt it with `ias run-halt` or wait; then start the runner again (job 0002-implementer stays pending)", line);
        Assert.Contains("job 0001-reviewer done", refused.Out);
        var jobs = await JobsAsync(repo);
        Assert.Equal(("pending", 0), (jobs["0002-implementer"].GetProperty("state").GetString(), jobs["0002-implementer"].GetProperty("attempts").GetInt32()));

        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await engine.ExitAsync(Timeout));
        var admitted = await OkAsync(repo, env, "run-loop", "--run", "night", "--stop-when-idle");
        Assert.Contains("job 0002-implementer done: 1 commit(s)", admitted);
    }

    [Fact]
    public async Task A_run_mode_run_is_refused_while_a_queue_runners_writing_job_holds_the_checkout()
    {
        using var repo = await QueueRepo.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".loa.config.yaml"), "run_mode:\n  enabled: true\nagents:\n  default: { agent: sim }\n");
        await DemoTests.Git(repo.Path, "commit", "-qam", "Run Mode on");
        var release = repo.Outside("release");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job 0001-implementer started", Timeout);

        var refused = await repo.IasAsync("run", "sprint-1", "--headless");

        Assert.Equal(2, refused.Code);
        var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ias: a queue runner of run night at job 0001-implementer (pid {runner.Pid}, since ", line);
        Assert.EndsWith(") is writing in this checkout; stop it with `ias stop --run night` or wait for the job", line);
        Assert.False(File.Exists(Path.Combine(repo.Path, ".run", "state.json")), "the refused run wrote no state");
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());

        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        Assert.Contains("job 0001-implementer done: 1 commit(s)", runner.Stdout);
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1", "--dry-run")).Code);
    }

    [Fact]
    public async Task A_writing_job_refuses_edits_someone_left_in_the_runs_worktree_once_and_leaves_them_untouched()
    {
        using var repo = await QueueRepo.CreateAsync();
        // A person's edits in the checkout are no job's business; in the run's worktree they would ride in the job's commit.
        await DemoTests.Git(repo.Path, "worktree", "add", "-q", "-b", repo.Branch, repo.WorkTree);
        var notes = Path.Combine(repo.WorkTree, "notes.txt");
        await File.WriteAllTextAsync(notes, "my unsaved work");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "mine.txt"), "the checkout's own");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review what is there.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains($"job 0001-implementer failed: work tree has 1 uncommitted change(s) (e.g. notes.txt) in {repo.WorkTree}: commit or stash them there first, so the job's commit holds only the agent's work — config_error: retrying cannot help", loop);
        Assert.Contains("job 0002-reviewer done", loop);
        var failed = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal(("failed", "config_error"), ((string)failed["state"]!, (string)failed["failure"]!));
        Assert.Equal(["failed"], failed["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        Assert.Equal("my unsaved work", await File.ReadAllTextAsync(notes));
        Assert.Equal("", (await DemoTests.Git(repo.Path, "log", "--format=%s", $"HEAD..{repo.Branch}")).Trim());
        await repo.AssertMirrorAgreesAsync();

        // What the line says to do works: stash there, retry, and the edits come back as they were.
        await DemoTests.Git(repo.WorkTree, "stash", "push", "-q", "--include-untracked");
        await repo.OkAsync("retry-failed", "--run", repo.Run);
        Assert.Contains("job 0001-implementer done: 1 commit(s)", await repo.OkAsync("run-once", "--run", repo.Run));
        Assert.DoesNotContain("notes.txt", await DemoTests.Git(repo.Path, "log", "--name-only", "--format=", $"HEAD..{repo.Branch}"));
        Assert.Equal("?? mine.txt", (await DemoTests.Git(repo.Path, "status", "--porcelain")).Trim());
    }

    private static async Task<string> OkAsync(TestRepo repo, Dictionary<string, string> env, params string[] args)
    {
        var r = await repo.IasAsync(env, args);
        Assert.True(r.Code == 0, $"ias {string.Join(' ', args)}: exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        return r.Out;
    }

    private static async Task<Dictionary<string, JsonElement>> JobsAsync(TestRepo repo)
    {
        var status = await repo.IasAsync("status", "--json", "--run", "night");
        using var doc = JsonDocument.Parse(status.Out);
        return doc.RootElement.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!, j => j.Clone());
    }
}
