using System.Diagnostics;
using Ias.Core.Config;
using Ias.Core.Jobs.Intake;
using Ias.Core.Jobs.Records;
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

    [Fact]
    public void A_read_only_job_queues_no_writing_job()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("impl.json"), """{"role": "implementer", "prompt": "rm -rf the tests"}""");
        File.WriteAllText(dir.Combine("rev.json"), """{"role": "reviewer", "prompt": "write it", "write": true}""");
        File.WriteAllText(dir.Combine("look.json"), """{"role": "reviewer", "prompt": "look"}""");

        var (jobs, refused) = FollowUps.Read(dir.Path, dir.Path, 0, new FollowUpRules(ParentWrites: false, WritingAllowed: true, Left: 10));

        Assert.Equal(["look"], jobs.Select(j => j.Prompt));
        Assert.Equal(2, refused.Count);
        Assert.All(refused, l => Assert.Contains("a read-only job queues only read-only jobs", l, StringComparison.Ordinal));
    }

    [Fact]
    public void A_writing_job_queues_writing_jobs_only_where_the_config_allows_them()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("impl.json"), """{"role": "implementer", "prompt": "build more"}""");
        using var f = new QueueFixture();
        var parent = f.Queue.Enqueue("implementer", "build", null, writes: true);

        var off = FollowUps.Read(dir.Path, dir.Path, 0, FollowUpRules.For(parent, QueueConfig.Defaults, queued: 0));
        var on = FollowUps.Read(dir.Path, dir.Path, 0, FollowUpRules.For(parent, QueueConfig.Defaults with { WritingFollowUps = true }, queued: 0));

        Assert.Empty(off.Jobs);
        Assert.Contains("set ias.queue.follow_ups.writing: true", Assert.Single(off.Refused), StringComparison.Ordinal);
        Assert.True(Assert.Single(on.Jobs).Writes);
    }

    [Fact]
    public void A_run_queues_no_more_follow_ups_than_its_cap()
    {
        using var dir = new TempDir();
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllText(dir.Combine($"{i}.json"), $$"""{"role": "reviewer", "prompt": "look {{i}}"}""");
        }

        using var f = new QueueFixture();
        var parent = f.Queue.Enqueue("implementer", "build", null, writes: true);

        var (jobs, refused) = FollowUps.Read(dir.Path, dir.Path, 0, FollowUpRules.For(parent, QueueConfig.Defaults, queued: 8));

        Assert.Equal(["look 0", "look 1"], jobs.Select(j => j.Prompt));
        Assert.Equal(2, refused.Count);
        Assert.All(refused, l => Assert.Contains("ias.queue.follow_ups.max_per_run", l, StringComparison.Ordinal));
    }

    [Fact]
    public void The_queue_counts_the_follow_ups_of_its_run()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "build", null, writes: true);
        var job = f.Queue.Claim("me")!;

        Assert.Equal(0, f.Queue.FollowUpCount());
        Assert.True(f.Queue.Complete(job, JobEvidence.None, "built", [new JobRequest("reviewer", "a", null, false), new JobRequest("reviewer", "b", null, false)], out _));
        Assert.Equal(2, f.Queue.FollowUpCount());
    }

    [Fact(Timeout = 20_000)]
    public async Task A_fifo_a_link_to_another_jobs_file_and_a_linked_folder_are_refused_without_waiting()
    {
        using var dir = new TempDir();
        var folder = dir.Combine("follow-up");
        Directory.CreateDirectory(folder);
        File.WriteAllText(dir.Combine("their.json"), """{"role": "reviewer", "prompt": "someone else's"}""");
        File.CreateSymbolicLink(Path.Combine(folder, "a.json"), dir.Combine("their.json"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(folder, "b.json")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        File.WriteAllText(Path.Combine(folder, "c.json"), """{"role": "reviewer", "prompt": "mine"}""");

        var (jobs, refused) = await Task.Run(() => FollowUps.Read(folder, dir.Path, 0));

        Assert.Equal(["mine"], jobs.Select(j => j.Prompt));
        Assert.Contains(refused, l => l.Contains("a.json was not read: it is a symbolic link", StringComparison.Ordinal));
        Assert.Contains(refused, l => l.Contains("b.json refused", StringComparison.Ordinal) && l.Contains("FIFO", StringComparison.Ordinal));

        Directory.Delete(folder, recursive: true);
        Directory.CreateSymbolicLink(folder, dir.Path);
        var linked = FollowUps.Read(folder, dir.Path, 0);
        Assert.Empty(linked.Jobs);
        Assert.Contains("is a symbolic link", Assert.Single(linked.Refused), StringComparison.Ordinal);
    }
}
