using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>`ias drop-in --job ID`: a person reopens a queue job's agent session on the terminal, or is told in one line why not.</summary>
public sealed class JobDropInTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public JobDropInTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task Drop_in_to_a_finished_job_reopens_its_agent_session_and_comes_back_saying_how_the_job_stands()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        var session = Session(repo, "0001-reviewer");

        using var tmux = Tmux.Start(200, 30, repo.Path, repo.Env, "drop-in", "--job", "0001-reviewer");
        await tmux.WaitForAsync($"sim-agent: session {session} reopened in {repo.Path}", Timeout);
        tmux.Keys("what did you find", "Enter");
        await tmux.WaitForAsync("sim-agent: you said \"what did you find\"");
        tmux.Keys("Enter");

        var screen = Joined(await tmux.WaitForAsync("[exited 0]"));
        Assert.Contains($"back from sim session {session} of job 0001-reviewer (exit 0); job 0001-reviewer of run night is done: `ias status --run night` shows it", screen);
    }

    [Fact]
    public async Task Drop_in_to_a_finished_writing_job_opens_in_its_branchs_worktree_and_leaves_the_checkout_alone()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        var session = Session(repo, "0001-implementer");
        Assert.False(Directory.Exists(repo.WorkTree), "the runner gave the run's worktree back as it stopped");

        using var tmux = Tmux.Start(400, 30, repo.Path, repo.Env, "drop-in", "--job", "0001-implementer");
        await tmux.WaitForAsync(s => Joined(s).Contains($"sim-agent: session {session} reopened in {repo.WorkTree}", StringComparison.Ordinal), "the session in the run's worktree", Timeout);
        tmux.Keys("Enter");
        await tmux.WaitForAsync("[exited 0]");

        Assert.Equal(repo.Branch, (await DemoTests.Git(repo.WorkTree, "branch", "--show-current")).Trim());
        Assert.Equal("feature/queue", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
    }

    [Fact]
    public async Task D_on_a_queue_runs_selected_job_opens_its_session_and_leaving_it_comes_back_to_the_queue_run()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        var session = Session(repo, "0001-reviewer");

        using var tmux = Tmux.Start(160, 40, repo.Path, repo.Env, "dashboard", "--run", repo.Run);
        await tmux.WaitForAsync("✓ 0001-reviewer", Timeout);
        tmux.Keys("d");
        await tmux.WaitForAsync("Open the agent here (a sprint's run halts first)?");
        tmux.Keys("y");
        await tmux.WaitForAsync($"sim-agent: session {session} reopened in {repo.Path}", Timeout);
        tmux.Keys("Enter");

        await tmux.WaitForAsync(
            s => s.Contains("queue run night", StringComparison.Ordinal) && s.Contains($"back from sim session {session} of job 0001-reviewer (exit 0)", StringComparison.Ordinal),
            "the dashboard on the queue run again, saying the job's session ended",
            Timeout);
    }

    [Fact]
    public async Task A_job_that_has_not_run_an_unknown_job_and_a_job_whose_agent_cannot_reopen_sessions_are_each_refused_in_one_line()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        await repo.EnqueueAsync("auditor", "Audit the greeting.");

        Assert.Equal("ias: job 0002-auditor has no agent session yet: it has not run; drop in once it has", await RefusalAsync(repo, "0002-auditor"));
        Assert.Equal("ias: run night has no job 0009-nobody: `ias status --run night` lists its jobs", await RefusalAsync(repo, "0009-nobody"));

        // The reviewer's role now runs on a command of the person's, which has no session to reopen.
        var config = Path.Combine(repo.Path, ".loa.config.yaml");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("  default: { agent: sim }\n", "  default: { agent: sim }\n  reviewer: { agent: custom, command: /bin/true }\n", StringComparison.Ordinal));
        Assert.Equal(
            "ias: job 0001-reviewer's agent custom cannot reopen a session for a person; use `ias drop-in --shell` for a shell in the work tree",
            await RefusalAsync(repo, "0001-reviewer"));
    }

    [Fact]
    public async Task While_a_runner_writes_on_the_runs_branch_its_running_job_and_an_earlier_writing_job_are_refused_in_one_line()
    {
        using var repo = await QueueRepo.CreateAsync();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        await repo.ScenarioAsync($$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "cycle": 2, "mode": "hold"}]}""");
        // The sim agent counts a queue job's number as its cycle: the second job holds until the release file shows.
        await repo.EnqueueAsync("implementer", "A slow change.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");
        await runner.WaitForLineAsync("job 0002-implementer agent session", Timeout);

        var running = await RefusalAsync(repo, "0002-implementer");
        Assert.StartsWith("ias: job 0002-implementer is running now (pid ", running);
        Assert.EndsWith("): its runner holds its session; wait for the job to end, or `ias stop --run night` and drop in after", running);
        var writing = await RefusalAsync(repo, "0001-implementer");
        Assert.StartsWith("ias: a queue runner of run night at job 0002-implementer (pid ", writing);
        Assert.EndsWith(" is writing on ias/queue/night; stop it with `ias stop --run night` or wait for the job; drop in to job 0001-implementer after", writing);

        await File.WriteAllTextAsync(release, "");
        Assert.Equal(0, await runner.ExitAsync(Timeout));
    }

    /// <summary>The one line `ias drop-in --job ID` ends with when it refuses, its exit code checked.</summary>
    private static async Task<string> RefusalAsync(QueueRepo repo, string job)
    {
        using var tmux = Tmux.Start(400, 20, repo.Path, repo.Env, "drop-in", "--job", job, "--run", repo.Run);
        var lines = (await tmux.WaitForAsync("[exited 2]", Timeout)).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal("[exited 2]", lines[^1]);
        Assert.Single(lines, l => l.StartsWith("ias: ", StringComparison.Ordinal));
        return lines[^2];
    }

    private static string Session(QueueRepo repo, string job) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(repo.RunnerDir, "jobs", job, "result.json")))!["session_id"]!;

    private static string Joined(string screen) => screen.Replace("\n", "", StringComparison.Ordinal);
}
