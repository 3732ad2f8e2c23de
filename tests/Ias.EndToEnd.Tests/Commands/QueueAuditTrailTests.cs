using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The queue's audit trail through the real `ias`: the runner commits its folder to refs/ias/runs/RUN as it works, so
/// `git log` tells what it did, while no branch, no job's commit and no work tree carries the folder; a trail moved by
/// someone else stops the runner before it claims a job.
/// </summary>
public sealed class QueueAuditTrailTests
{
    [Fact]
    public async Task Git_log_of_the_runs_ref_tells_each_job_and_no_branch_carries_the_runner_folder()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("implementer", "Build the greeting.");
        await repo.EnqueueAsync("reviewer", "Review the greeting.");

        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        var trail = $"refs/ias/runs/{repo.Run}";
        var log = (await DemoTests.Git(repo.Path, "log", "--format=%s", trail)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"run {repo.Run}: runner stopped", log[0]);
        Assert.StartsWith("0002-reviewer: done (runner ", log[1]);
        Assert.StartsWith("0001-implementer: done (runner ", log[2]);
        Assert.Equal($"run {repo.Run}: runner started", log[^1]);
        var folder = $"docs/ias/runs/{repo.Run}/runner";
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(repo.RunnerDir, "queue", "done", "0001-implementer.json")),
            await DemoTests.Git(repo.Path, "show", $"{trail}:{folder}/queue/done/0001-implementer.json"));
        Assert.Contains("\"outcome\": \"done\"", await DemoTests.Git(repo.Path, "show", $"{trail}:{folder}/jobs/0002-reviewer/result.json"));
        Assert.DoesNotContain("prompt.md", await DemoTests.Git(repo.Path, "ls-tree", "-r", "--name-only", trail));

        // The job's own commit, every branch and the work tree know nothing of it.
        Assert.DoesNotContain("docs/ias", await DemoTests.Git(repo.Path, "log", "--branches", "--tags", "--remotes", "--name-only", "--format="));
        Assert.Equal("", await DemoTests.Git(repo.Path, "status", "--porcelain"));
        Assert.DoesNotContain("ias/runs", await DemoTests.Git(repo.Path, "branch", "--all"));
    }

    [Fact]
    public async Task A_trail_moved_by_someone_else_stops_the_runner_in_one_line_before_it_claims_a_job()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        await repo.EnqueueAsync("reviewer", "Review it again.");
        var trail = $"refs/ias/runs/{repo.Run}";
        var ours = (await DemoTests.Git(repo.Path, "rev-parse", trail)).Trim();
        await DemoTests.Git(repo.Path, "update-ref", trail, "main");

        var r = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Equal(2, r.Code);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the queue's audit trail cannot be written on: {trail} was moved outside ias from {ours[..12]} to ", line);
        Assert.Contains($"put it back with `git update-ref {trail} {ours}`", line);
        Assert.Equal("pending", (string)(await repo.JobsAsync())["0002-reviewer"]["state"]!);

        await DemoTests.Git(repo.Path, "update-ref", trail, ours);
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.Equal("done", (string)(await repo.JobsAsync())["0002-reviewer"]["state"]!);
    }
}
