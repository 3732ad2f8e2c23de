using Ias.Core.Jobs.Records;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>A shared queue's jobs start from a branch every runner can fetch, and a runner leaves the checkout where it found it.</summary>
public sealed partial class TeamQueueTests
{
    [PostgresFact]
    public async Task Enqueue_from_a_job_branch_or_a_branch_origin_lacks_is_refused_in_one_line_and_a_dropped_file_from_there_goes_to_failed_with_why()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "");
        var clone = team.Clones[0];

        await TeamQueue.GitAsync(clone, "switch", "--quiet", "-c", $"ias/{team.Run}/0001-implementer");
        var fromJob = await team.IasAsync(0, "enqueue", "--run", team.Run, "--role", "reviewer", "--prompt", "Review it.");
        Assert.Equal(2, fromJob.Code);
        var line = Assert.Single(fromJob.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the checkout is on ias/{team.Run}/0001-implementer, a job's own branch, which is no base for new jobs: switch to the branch", line, StringComparison.Ordinal);

        await TeamQueue.GitAsync(clone, "switch", "--quiet", "-c", "feature/local");
        var unpushed = await team.IasAsync(0, "enqueue", "--run", team.Run, "--role", "reviewer", "--prompt", "Review it.");
        Assert.Equal(2, unpushed.Code);
        line = Assert.Single(unpushed.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("branch feature/local is not on origin, where every runner starts a job's branch from its base: push it first (`git push -u origin feature/local`)", line, StringComparison.Ordinal);

        var batch = team.Outside("jobs.jsonl");
        await File.WriteAllTextAsync(batch, "{\"role\": \"reviewer\", \"prompt\": \"Review it.\"}\n");
        var fromFile = await team.IasAsync(0, "enqueue", "--run", team.Run, "--from-file", batch);
        Assert.Equal(2, fromFile.Code);
        Assert.Contains("branch feature/local is not on origin", Assert.Single(fromFile.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        // A file dropped where the runner's checkout is on that branch is refused with the same reason, never lost.
        var paths = new QueuePaths(clone, team.Run);
        await File.WriteAllTextAsync(Path.Combine(paths.StateDir(JobState.Pending), "nightly.json"), "{\"role\": \"reviewer\", \"prompt\": \"Review it.\"}");
        var runner = await team.IasAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");
        Assert.True(runner.Code == 0, $"run-loop: {runner.Out}\n{runner.Err}");
        Assert.Contains("job file nightly.json refused: branch feature/local is not on origin", runner.Out, StringComparison.Ordinal);
        var reason = await File.ReadAllTextAsync(Path.Combine(paths.StateDir(JobState.Failed), "rejected-nightly.json.reason"));
        Assert.StartsWith("branch feature/local is not on origin", reason, StringComparison.Ordinal);
        Assert.Empty(await team.JobsAsync());

        // Pushed, the branch is a base.
        await TeamQueue.GitAsync(clone, "push", "--quiet", "origin", "feature/local");
        await team.EnqueueAsync("reviewer", "Review it.");
        Assert.Single(await team.JobsAsync());
    }

    [PostgresFact]
    public async Task After_a_writing_job_the_runner_puts_the_checkout_back_on_its_branch_so_the_next_enqueue_there_starts_from_it()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "");
        using var gh = new FakeGh();
        team.SearchPath = gh.SearchPath;
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);

        await team.OkAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");

        Assert.Equal("main", (await TeamQueue.GitAsync(team.Clones[0], "branch", "--show-current")).Trim());
        Assert.Contains($"ias/{team.Run}/0001-implementer", await team.RemoteBranchesAsync());
        Assert.Equal("done", (string?)(await team.JobsAsync())["0001-implementer"]["state"]);
        await team.EnqueueAsync("reviewer", "Review the greeting.");
        Assert.Equal(2, (await team.JobsAsync()).Count);
    }

    [PostgresFact]
    public async Task A_writing_job_that_fails_puts_the_checkout_back_on_its_branch_too()
    {
        using var team = await TeamAsync(machines: 1, queueYaml: "    retry:\n      max_attempts: 1\n");
        using var gh = new FakeGh();
        team.SearchPath = gh.SearchPath;
        await team.ScenarioAsync("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "crash"}]}""");
        await team.EnqueueAsync("implementer", Jobs[0].Prompt);

        await team.IasAsync(0, "run-loop", "--run", team.Run, "--stop-when-idle");

        Assert.Equal("failed", (string?)(await team.JobsAsync())["0001-implementer"]["state"]);
        Assert.Equal("main", (await TeamQueue.GitAsync(team.Clones[0], "branch", "--show-current")).Trim());
        Assert.Equal("", (await TeamQueue.GitAsync(team.Clones[0], "status", "--porcelain", "--", ".", ":(exclude)docs")).Trim());
    }
}
