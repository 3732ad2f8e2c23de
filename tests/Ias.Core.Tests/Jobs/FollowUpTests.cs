using Ias.Core.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>Follow-up jobs an agent asks for: queued with its job's completion, bounded per job and in depth, each file checked.</summary>
public sealed class FollowUpTests
{
    [Fact]
    public void Follow_ups_are_queued_with_the_completion_and_a_lost_claim_queues_none()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "build", null, writes: true);
        var job = f.Queue.Claim("me")!;
        var stale = job with { Generation = job.Generation - 1 };

        Assert.False(f.Queue.Complete(stale, JobEvidence.None, "late", [new JobRequest("reviewer", "review", null, false)], out var none));
        Assert.Empty(none);
        Assert.True(f.Queue.Complete(job, JobEvidence.None, "built", [new JobRequest("reviewer", "review", null, false)], out var queued));

        Assert.Equal(["0002-reviewer"], queued.Select(j => j.Id));
        Assert.Equal((1, 0), (f.Queue.Depth(queued[0]), f.Queue.Depth(job)));
        Assert.Equal(JobState.Pending, f.Get("0002-reviewer").State);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_job_queues_at_most_ten_and_a_bad_file_is_refused_with_its_reason()
    {
        using var dir = new TempDir();
        var folder = dir.Combine("follow-up");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 11; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"{i:D2}.json"), $$"""{"role": "reviewer", "prompt": "look {{i}}"}""");
        }

        File.WriteAllText(Path.Combine(folder, "00-bad.json"), """{"role": "reviewer"}""");

        var (jobs, refused) = FollowUps.Read(folder, dir.Path, depth: 0);

        Assert.Equal(10, jobs.Count);
        Assert.Equal("look 0", jobs[0].Prompt);
        Assert.Equal(
            ["follow-up 00-bad.json refused: no prompt: add \"prompt\" or \"prompt_file\"", "follow-up 10.json refused: a job may queue at most 10"],
            refused);
    }

    [Fact]
    public void A_chain_of_follow_ups_stops_at_its_depth()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("next.json"), """{"role": "reviewer", "prompt": "again"}""");

        Assert.Single(FollowUps.Read(dir.Path, dir.Path, depth: FollowUps.MaxDepth - 1).Jobs);
        var (jobs, refused) = FollowUps.Read(dir.Path, dir.Path, depth: FollowUps.MaxDepth);

        Assert.Empty(jobs);
        Assert.Equal(["1 follow-up(s) refused: a chain of follow-ups is at most 5 jobs deep"], refused);
    }
}
