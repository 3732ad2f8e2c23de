using System.Text.Json;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// One writer per work tree: a Run Mode run, a plan and a bug run work in worktrees of their own, so a queue runner's
/// writing job may work in the checkout meanwhile, and a writing job never commits the user's own edits.
/// </summary>
public sealed class OneWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(new[] { "run", "sprint-1" }, "implementer", "implementer (sim) started", "feature/sprint-1")]
    [InlineData(new[] { "run", "sprint-plan" }, "implementer", "implementer (sim) started", "feature/sprint-plan-")]
    [InlineData(new[] { "run", "--bug", "Greeting is rude" }, "triager", "triage started", "bugfix/")]
    public async Task A_queue_runner_takes_a_writing_job_in_the_checkout_while_a_run_a_plan_or_a_bug_run_works_in_its_worktree(
        string[] command, string heldRole, string heldLine, string runBranch)
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "{{heldRole}}", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, [.. command, "--local", "--headless"]);
        await engine.WaitForLineAsync(heldLine, Timeout);
        await DemoTests.Git(repo.Path, "switch", "--quiet", "-c", "feature/queue");
        await OkAsync(repo, env, "new-run", "night");
        await OkAsync(repo, env, "init", "--run", "night");
        await OkAsync(repo, env, "enqueue", "--run", "night", "--role", "reviewer", "--prompt", "Look around.");
        await OkAsync(repo, env, "enqueue", "--run", "night", "--role", "implementer", "--prompt", "Change something.");

        var loop = await OkAsync(repo, env, "run-loop", "--run", "night", "--stop-when-idle");

        Assert.Contains("job 0001-reviewer done", loop);
        Assert.Contains("job 0002-implementer done: 1 commit(s)", loop);
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
        await File.WriteAllTextAsync(release, "");
        var exit = await engine.ExitAsync(Timeout);
        Assert.True(exit == 0, $"exit {exit}\n{engine.Stdout}{engine.Stderr}");
        Assert.Contains(runBranch, await DemoTests.Git(repo.Path, "branch", "--list"));
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
    }

    [Fact]
    public async Task A_run_mode_run_works_in_its_worktree_while_a_queue_runners_writing_job_holds_the_checkout()
    {
        using var repo = await QueueRepo.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".loa.config.yaml"), "run_mode:\n  enabled: true\nagents:\n  default: { agent: sim }\n");
        await DemoTests.Git(repo.Path, "commit", "-qam", "Run Mode on");
        var release = repo.Outside("release");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job 0001-implementer started", Timeout);
        var during = (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim();

        // Both agents hold in their first turn: the run's in its worktree, the job's in the checkout, at the same time.
        await using var run = repo.Start("run", "sprint-1", "--local", "--headless");
        await run.WaitForLineAsync("implementer (sim) started", Timeout);
        Assert.True(run.Stdout.Contains("the run works on feature/sprint-1 in ", StringComparison.Ordinal), run.Stdout);
        Assert.Equal(during, (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim()); // the job's branch, as the runner left it

        await File.WriteAllTextAsync(release, "");
        var exit = await run.ExitAsync(Timeout);
        Assert.True(exit == 0, $"exit {exit}\n{run.Stdout}{run.Stderr}");
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        Assert.Contains("job 0001-implementer done: 1 commit(s)", runner.Stdout);
        Assert.Contains("): COMPLETED", await DemoTests.Git(repo.Path, "log", "--format=%s", "feature/sprint-1"));
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
    }

    [Fact]
    public async Task A_writing_job_refuses_a_dirty_work_tree_once_and_leaves_the_users_edits_untouched()
    {
        using var repo = await QueueRepo.CreateAsync();
        var notes = Path.Combine(repo.Path, "notes.txt");
        await File.WriteAllTextAsync(notes, "my unsaved work");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review what is there.");

        var loop = await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Contains("job 0001-implementer failed: work tree has 1 uncommitted change(s) (e.g. notes.txt): commit or stash them first, so the job's commit holds only the agent's work — config_error: retrying cannot help", loop);
        Assert.Contains("job 0002-reviewer done", loop);
        var failed = (await repo.JobsAsync())["0001-implementer"];
        Assert.Equal(("failed", "config_error"), ((string)failed["state"]!, (string)failed["failure"]!));
        Assert.Equal(["failed"], failed["history"]!.AsArray().Select(h => (string)h!["outcome"]!));
        Assert.Contains("work tree has 1 uncommitted change(s) (e.g. notes.txt)", (string)failed["reason"]!);
        Assert.Equal("my unsaved work", await File.ReadAllTextAsync(notes));
        Assert.Equal("?? notes.txt", (await DemoTests.Git(repo.Path, "status", "--porcelain")).Trim());
        Assert.Equal("", (await DemoTests.Git(repo.Path, "log", "--format=%s", "main..HEAD")).Trim());
        await repo.AssertMirrorAgreesAsync();

        // What the line says to do works: stash, retry, and the edits come back as they were.
        await DemoTests.Git(repo.Path, "stash", "push", "-q", "--include-untracked");
        await repo.OkAsync("retry-failed", "--run", repo.Run);
        Assert.Contains("job 0001-implementer done: 1 commit(s)", await repo.OkAsync("run-once", "--run", repo.Run));
        await DemoTests.Git(repo.Path, "stash", "pop", "-q");
        Assert.Equal("my unsaved work", await File.ReadAllTextAsync(notes));
        Assert.DoesNotContain("notes.txt", await DemoTests.Git(repo.Path, "log", "--name-only", "--format=", "main..HEAD"));
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
