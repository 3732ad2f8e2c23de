using System.Text.Json;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// A Run Mode run (a plan, a bug run) and a queue runner's writing jobs work side by side, each in a worktree of its own:
/// ICE's pre-push hook is one for all of them, and one's commits never read as a breach in the other's turn.
/// </summary>
public sealed class OneWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(new[] { "run", "sprint-1" }, "implementer", "implementer (sim) started")]
    [InlineData(new[] { "run", "sprint-plan" }, "implementer", "implementer (sim) started")]
    [InlineData(new[] { "run", "--bug", "Greeting is rude" }, "triager", "triage started")]
    public async Task A_queue_runners_writing_job_works_beside_a_run_a_plan_or_a_bug_run_mid_turn_and_each_ends_as_alone(
        string[] command, string heldRole, string heldLine)
    {
        using var repo = new TestRepo();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "{{heldRole}}", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, [.. command, "--local", "--headless"]);
        await engine.WaitForLineAsync(heldLine, Timeout);
        await OkAsync(repo, env, "new-run", "night");
        await OkAsync(repo, env, "init", "--run", "night");
        await OkAsync(repo, env, "enqueue", "--run", "night", "--role", "reviewer", "--prompt", "Look around.");
        await OkAsync(repo, env, "enqueue", "--run", "night", "--role", "implementer", "--prompt", "Change something.");

        // The queue's writing job commits on its branch while the engine's agent is mid-turn.
        var loop = await OkAsync(repo, env, "run-loop", "--run", "night", "--stop-when-idle");

        Assert.Contains("job 0001-reviewer done", loop);
        Assert.Contains("job 0002-implementer done: 1 commit(s)", loop);
        Assert.Contains("feat(night): job 0002-implementer", await DemoTests.Git(repo.Path, "log", "-1", "--format=%s", "ias/queue/night"));
        Assert.True(File.Exists(Path.Combine(repo.Path, ".git", "hooks", "pre-push")), "ICE's hook stays while the engine works");

        // The engine's turn ends as it would alone: no breach, and the last one out takes ICE's hook away.
        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await engine.ExitAsync(Timeout));
        Assert.DoesNotContain(" during the ", engine.Stdout + engine.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Path, ".git", "hooks", "pre-push")), "the last engine out removes ICE's hook");
        Assert.Equal("main", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
    }

    [Fact]
    public async Task A_run_mode_run_ends_done_while_a_queue_runners_writing_job_works()
    {
        using var repo = await QueueRepo.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".loa.config.yaml"), "run_mode:\n  enabled: true\nagents:\n  default: { agent: sim }\n");
        await DemoTests.Git(repo.Path, "commit", "-qam", "Run Mode on");
        var release = repo.Outside("release");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job 0001-implementer agent session", Timeout);
        // The run's own implementer must not wait on the queue's hold.
        await repo.ScenarioAsync("{}");

        var run = await repo.IasAsync("run", "sprint-1", "--headless", "--local");

        Assert.True(run.Code == 0, $"exit {run.Code}\nstdout: {run.Out}\nstderr: {run.Err}");
        Assert.Equal("JACKED_OUT", JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Path, ".run", "state.json"))).RootElement.GetProperty("state").GetString());
        Assert.Contains("COMPLETED", await DemoTests.Git(repo.Path, "log", "-1", "--format=%s", "feature/sprint-1"));

        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        Assert.Contains("job 0001-implementer done: 1 commit(s)", runner.Stdout);
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
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
