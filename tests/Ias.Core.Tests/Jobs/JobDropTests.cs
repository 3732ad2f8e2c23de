using Ias.Core.Agents;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// File-first: a job file dropped into queue/pending/ is a job. A valid one is enqueued and removed; an invalid one is moved
/// to failed/ with its reason, never deleted; ias's own files are passed over; a drop is taken once even if its runner died
/// before removing it.
/// </summary>
public sealed class JobDropTests
{
    [Fact]
    public void A_valid_job_file_becomes_a_pending_job_and_is_removed()
    {
        using var f = new QueueFixture();
        using var drops = new JobDrops(f.Queue);
        f.Queue.Enqueue("reviewer", "first", null, writes: false);
        var file = Drop(f, "fix-readme.json", """{"role": "orchestrator", "prompt": "Fix the README", "write": true}""");

        var said = drops.Take();

        Assert.Equal(["job file fix-readme.json enqueued as 0002-orchestrator (writes)"], said);
        Assert.False(File.Exists(file));
        var job = f.Get("0002-orchestrator");
        Assert.Equal(("Fix the README", true, JobState.Pending), (job.Prompt, job.Writes, job.State));
        Assert.Empty(drops.Take());
        f.AssertMirrorAgrees();
    }

    [Theory]
    [InlineData("not json", "not a JSON object")]
    [InlineData("""{"prompt": "x"}""", "no role: add \"role\"")]
    [InlineData("""{"role": "Reviewer!", "prompt": "x"}""", "role \"Reviewer!\" is not a role name")]
    [InlineData("""{"role": "reviewer", "prompt": "x", "agent": "gpt"}""", "agent \"gpt\" is not an agent")]
    [InlineData("""{"role": "reviewer", "promt": "x"}""", "unknown field \"promt\"")]
    [InlineData("""{"role": "reviewer", "prompt_file": "../../etc/passwd"}""", "is outside the repository")]
    [InlineData("""{"role": "reviewer", "prompt": "  "}""", "the prompt is empty")]
    public void An_invalid_job_file_is_moved_to_failed_with_its_reason_and_nothing_is_enqueued(string text, string reason)
    {
        using var f = new QueueFixture();
        using var drops = new JobDrops(f.Queue);
        Drop(f, "bad.json", text);

        var said = Assert.Single(drops.Take());

        var moved = Path.Combine(f.Queue.Paths.StateDir(JobState.Failed), "rejected-bad.json");
        Assert.StartsWith("job file bad.json refused: ", said);
        Assert.EndsWith("; moved to failed/rejected-bad.json", said);
        Assert.Equal(text, File.ReadAllText(moved));
        Assert.Contains(reason, File.ReadAllText(moved + ".reason"));
        Assert.Empty(f.Queue.Jobs);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_done_jobs_file_copied_back_into_pending_runs_again_as_a_new_job()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "look again", "sim", writes: false);
        f.Queue.Complete(f.Queue.Claim("me")!, JobEvidence.None, "ok");
        f.Queue.CatchUp();
        File.Copy(f.Queue.Paths.JobFile(JobState.Done, "0001-reviewer"), f.Queue.Paths.JobFile(JobState.Pending, "0001-reviewer"));

        // A runner's start writes the whole folder again before it looks for drops: the copy must outlive that.
        f.Queue.Mirror();
        using var drops = new JobDrops(f.Queue);
        Assert.Equal(["job file dropped-0001-reviewer.json enqueued as 0002-reviewer (read-only)"], drops.Take());

        Assert.Equal(("look again", "sim"), (f.Get("0002-reviewer").Prompt, f.Get("0002-reviewer").Agent));
        Assert.Empty(Directory.EnumerateFiles(f.Queue.Paths.StateDir(JobState.Pending), "dropped-*"));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void Files_named_as_jobs_the_queue_does_not_know_outlive_the_whole_mirror_and_are_run_or_refused()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "first", null, writes: false);
        Drop(f, "0050-reviewer.json", """{"role": "reviewer", "prompt": "fifty"}""");
        Drop(f, "0099-bad.json", "{");

        f.Queue.Mirror();
        using var drops = new JobDrops(f.Queue);
        var said = drops.Take();

        Assert.Equal(2, said.Count);
        Assert.Equal("job file dropped-0050-reviewer.json enqueued as 0002-reviewer (read-only)", said[0]);
        Assert.StartsWith("job file dropped-0099-bad.json refused: ", said[1]);
        Assert.EndsWith("; moved to failed/rejected-dropped-0099-bad.json", said[1]);
        Assert.Equal("fifty", f.Get("0002-reviewer").Prompt);
        Assert.Equal("{", File.ReadAllText(Path.Combine(f.Queue.Paths.StateDir(JobState.Failed), "rejected-dropped-0099-bad.json")));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_retried_job_is_never_written_over_a_file_someone_dropped_under_its_name()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "fails", null, writes: false);
        var claimed = f.Queue.Claim("me")!;
        f.Queue.Fail(claimed, FailureClass.ConfigError, "no such CLI", null);
        var mine = Drop(f, "0001-reviewer.json", """{"role": "reviewer", "prompt": "mine"}""");

        f.Queue.RetryFailed(resetAttempts: false);
        f.Queue.CatchUp();

        Assert.Equal(JobState.Pending, f.Get("0001-reviewer").State);
        Assert.Equal("""{"role": "reviewer", "prompt": "mine"}""", File.ReadAllText(Path.Combine(Path.GetDirectoryName(mine)!, "dropped-0001-reviewer.json")));
        using var drops = new JobDrops(f.Queue);
        Assert.Equal(["job file dropped-0001-reviewer.json enqueued as 0002-reviewer (read-only)"], drops.Take());
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_prompt_file_is_read_from_the_repository()
    {
        using var f = new QueueFixture();
        using var drops = new JobDrops(f.Queue);
        Directory.CreateDirectory(Path.Combine(f.Root, "tasks"));
        File.WriteAllText(Path.Combine(f.Root, "tasks", "next.md"), "Write the changelog.\n");
        Drop(f, "next.json", """{"role": "implementer", "prompt_file": "tasks/next.md"}""");

        drops.Take();

        Assert.Equal(("Write the changelog.\n", true), (f.Get("0001-implementer").Prompt, f.Get("0001-implementer").Writes));
    }

    [Fact]
    public void A_drop_its_runner_enqueued_but_did_not_remove_is_removed_and_not_enqueued_twice()
    {
        using var f = new QueueFixture();
        var text = """{"role": "reviewer", "prompt": "once"}""";
        var file = Drop(f, "once.json", text);
        var written = File.GetLastWriteTimeUtc(file);
        f.Queue.TakeDrop(file);
        Drop(f, "once.json", text);
        File.SetLastWriteTimeUtc(file, written);

        using var drops = new JobDrops(f.Queue);
        Assert.Equal(["job file once.json was taken as 0001-reviewer already; removed"], drops.Take());

        Assert.Single(f.Queue.Jobs);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Ias_own_files_of_pending_jobs_and_hidden_or_other_files_are_passed_over()
    {
        using var f = new QueueFixture();
        using var drops = new JobDrops(f.Queue);
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        File.WriteAllText(Path.Combine(f.Queue.Paths.StateDir(JobState.Pending), ".half-written.json"), "{");
        File.WriteAllText(Path.Combine(f.Queue.Paths.StateDir(JobState.Pending), "README.txt"), "notes");

        Assert.Empty(drops.Take());

        Assert.Single(f.Queue.Jobs);
        Assert.True(File.Exists(Path.Combine(f.Queue.Paths.StateDir(JobState.Pending), "README.txt")));
    }

    [Fact]
    public void The_same_file_dropped_again_later_runs_again()
    {
        using var f = new QueueFixture();
        var text = """{"role": "reviewer", "prompt": "nightly check"}""";
        var file = Drop(f, "nightly.json", text);
        new JobDrops(f.Queue).Take();
        Drop(f, "nightly.json", text);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));

        using var drops = new JobDrops(f.Queue);
        Assert.Equal(["job file nightly.json enqueued as 0002-reviewer (read-only)"], drops.Take());
    }

    [Fact]
    public async Task A_file_dropped_while_the_folder_is_watched_is_taken_at_a_later_look_without_listing_the_folder_again()
    {
        using var f = new QueueFixture();
        using var drops = new JobDrops(f.Queue);
        Assert.Null(drops.Warning);
        Assert.Empty(drops.Take());

        Drop(f, "later.json", """{"role": "reviewer", "prompt": "later"}""");

        // The watch reports the new file on its own thread; a runner sees it at whichever claim comes after.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await drops.ArrivalAsync(timeout.Token);
        var said = drops.Take();

        Assert.Equal(["job file later.json enqueued as 0001-reviewer (read-only)"], said);
    }

    private static string Drop(QueueFixture f, string name, string text)
    {
        var file = Path.Combine(f.Queue.Paths.StateDir(JobState.Pending), name);
        File.WriteAllText(file, text);
        return file;
    }
}
