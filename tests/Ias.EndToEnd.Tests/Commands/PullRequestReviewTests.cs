using System.Text.Json.Nodes;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// A pr_review job through the real `ias` (001's hybrid runner): `ias enqueue --pr 42` queues a reading job, the runner's
/// agent reviews the pull request's branch in its box, and its verdict and findings become one comment through gh; the
/// person's checkout is neither switched nor written.
/// </summary>
public sealed class PullRequestReviewTests
{
    [Fact]
    public async Task A_review_job_reads_the_pull_requests_branch_in_the_box_and_posts_its_verdict_as_a_comment()
    {
        using var repo = await QueueRepo.CreateAsync();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var head = (await DemoTests.Git(repo.Path, "rev-parse", "HEAD")).Trim();
        var reviewed = await PushPullRequestAsync(repo);
        gh.ReviewedHead = reviewed;
        var env = new Dictionary<string, string> { ["PATH"] = gh.SearchPath };

        var enqueued = await repo.IasAsync(env, "enqueue", "--run", repo.Run, "--pr", "42");
        var loop = await repo.IasAsync(env, "run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Equal((0, "enqueued 0001-reviewer in run night (reviews pull request 42, pending)"), (enqueued.Code, enqueued.Out.Trim()));
        Assert.True(loop.Code == 0, loop.Out + loop.Err);
        Assert.Contains($"job 0001-reviewer reviews pull request #42: feature/greeting at {reviewed[..7]}", loop.Out);
        var comment = Assert.Single(gh.Calls, c => c[0] == "pr" && c[1] == "comment");
        Assert.Equal(FakeGh.ReviewedUrl, comment[2]);
        Assert.StartsWith("**ias review: request changes (1 finding(s))**\n", gh.CommentBody);
        Assert.Contains($"reviewed `{reviewed[..7]}` of `feature/greeting`", gh.CommentBody);
        Assert.Contains("at `sim/night/feature.txt:1`", gh.CommentBody);
        Assert.DoesNotContain("```json", gh.CommentBody);
        var job = JsonNode.Parse(await repo.OkAsync("status", "--json", "--run", repo.Run))!["jobs"]!.AsArray().Single()!;
        Assert.Equal(("done", "42", FakeGh.ReviewedUrl + "#issuecomment-1"), ((string)job["state"]!, (string)job["pr"]!, (string)job["evidence"]!["pr_url"]!));
        var logs = string.Concat(Directory.EnumerateFiles(Path.Combine(repo.RunnerDir, "jobs", "0001-reviewer"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("hello from the pull request", logs);
        Assert.Equal(("feature/queue", head), ((await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim(), (await DemoTests.Git(repo.Path, "rev-parse", "HEAD")).Trim()));
        Assert.False(File.Exists(Path.Combine(repo.Path, "sim", "night", "feature.txt")));
        Assert.DoesNotContain(gh.Calls, c => c[0] == "pr" && c[1] is "create" or "edit" or "merge" or "review");
    }

    [Fact]
    public async Task A_pull_request_whose_head_origin_does_not_have_is_not_reviewed()
    {
        using var repo = await QueueRepo.CreateAsync();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var reviewed = await PushPullRequestAsync(repo);
        gh.ReviewedHead = "0123456789abcdef0123456789abcdef01234567";
        var env = new Dictionary<string, string> { ["PATH"] = gh.SearchPath };
        await repo.IasAsync(env, "enqueue", "--run", repo.Run, "--pr", "42");

        await repo.IasAsync(env, "run-loop", "--run", repo.Run, "--stop-when-idle");

        var job = (await repo.JobsAsync())["0001-reviewer"];
        Assert.Equal("failed", (string)job["state"]!);
        Assert.StartsWith($"origin's feature/greeting is at {reviewed[..7]}, but pull request #42 is at 0123456: it is not a pull request of origin's repository", (string)job["reason"]!);
        Assert.DoesNotContain(gh.Calls, c => c[0] == "pr" && c[1] == "comment");
    }

    [Fact]
    public async Task A_review_that_would_write_or_names_no_pull_request_is_refused_in_one_line()
    {
        using var repo = await QueueRepo.CreateAsync();

        var writes = await repo.IasAsync("enqueue", "--run", repo.Run, "--pr", "42", "--write");
        var notPr = await repo.IasAsync("enqueue", "--run", repo.Run, "--pr", "https://github.com/acme/demo/issues/3");

        Assert.Equal((2, "ias: a review of pull request 42 reads only: give it a reading role such as reviewer, without write"), (writes.Code, writes.Err.Trim()));
        Assert.Equal(2, notPr.Code);
        Assert.StartsWith("ias: pr \"https://github.com/acme/demo/issues/3\" is not a pull request", notPr.Err.Trim());
        Assert.Empty(await repo.JobsAsync());
    }

    // Pull request #42: branch feature/greeting on origin, holding a file the checkout (on feature/queue) does not have; its head.
    private static async Task<string> PushPullRequestAsync(QueueRepo repo)
    {
        await DemoTests.Git(repo.Path, "switch", "-q", "-c", "feature/greeting", "main");
        Directory.CreateDirectory(Path.Combine(repo.Path, "sim", "night"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "sim", "night", "feature.txt"), "hello from the pull request\n");
        await DemoTests.Git(repo.Path, "add", "sim");
        await DemoTests.Git(repo.Path, "commit", "-qm", "Greet by name");
        await DemoTests.Git(repo.Path, "push", "-q", "origin", "feature/greeting");
        await DemoTests.Git(repo.Path, "switch", "-q", "feature/queue");
        return (await DemoTests.Git(repo.Path, "rev-parse", "feature/greeting")).Trim();
    }
}
