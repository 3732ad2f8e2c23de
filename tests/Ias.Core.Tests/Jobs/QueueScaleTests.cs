using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// The queue at size reads through indexes and mirrors what changed: the counts the database keeps, the next job by query,
/// batches numbered in order, and a mirror that touches only the changed jobs' files and never someone else's.
/// </summary>
public sealed class QueueScaleTests
{
    private const string Me = "pid 1 on here";

    [Fact]
    public void A_batch_is_numbered_in_the_order_given_and_counted_by_state()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "first", null, writes: false);

        var jobs = f.Queue.Enqueue([new JobRequest("implementer", "a", null, true), new JobRequest("auditor", "b", "sim", false)]);

        Assert.Equal(["0002-implementer", "0003-auditor"], jobs.Select(j => j.Id));
        f.Queue.Complete(f.Queue.Claim(Me)!, JobEvidence.None, "ok");
        Assert.Equal(2, f.Queue.Counts[JobState.Pending]);
        Assert.Equal(1, f.Queue.Counts[JobState.Done]);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_batch_of_changes_commits_and_mirrors_once_and_a_failed_one_leaves_nothing()
    {
        using var f = new QueueFixture();
        var stateJson = f.Queue.Paths.StateJson;

        f.Queue.Batch(() =>
        {
            f.Queue.Enqueue([new JobRequest("reviewer", "a", null, false), new JobRequest("reviewer", "b", null, false)]);
            f.Queue.Complete(f.Queue.Claim(Me)!, JobEvidence.None, "ok");

            // Nothing is mirrored until the batch ends: the folder still shows the empty queue.
            Assert.False(File.Exists(f.Queue.Paths.JobFile(JobState.Pending, "0002-reviewer")));
            Assert.Contains("\"pending\": 0", File.ReadAllText(stateJson), StringComparison.Ordinal);
        });

        Assert.Equal((1, 1), (f.Queue.Counts[JobState.Done], f.Queue.Counts[JobState.Pending]));
        f.AssertMirrorAgrees();

        var boom = Assert.Throws<InvalidOperationException>(() => f.Queue.Batch(() =>
        {
            f.Queue.Enqueue("reviewer", "c", null, false);
            f.Queue.Complete(f.Queue.Claim(Me)!, JobEvidence.None, "ok");
            throw new InvalidOperationException("crash inside the batch");
        }));

        Assert.Equal("crash inside the batch", boom.Message);
        Assert.Equal(["0001-reviewer", "0002-reviewer"], f.Queue.Jobs.Select(j => j.Id));
        Assert.Equal(JobState.Pending, f.Get("0002-reviewer").State);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_claim_rewrites_only_the_files_of_the_jobs_it_changed()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue([.. Enumerable.Range(0, 50).Select(i => new JobRequest("reviewer", $"job {i}", null, false))]);
        var untouched = f.Queue.Paths.JobFile(JobState.Pending, "0050-reviewer");
        var before = File.GetLastWriteTimeUtc(untouched);
        File.SetLastWriteTimeUtc(untouched, before.AddDays(-1));

        f.Queue.Claim(Me);
        f.Queue.CatchUp();

        Assert.Equal(before.AddDays(-1), File.GetLastWriteTimeUtc(untouched));
        Assert.True(File.Exists(f.Queue.Paths.JobFile(JobState.Running, "0001-reviewer")));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void The_whole_mirror_removes_stale_job_files_and_leaves_every_other_file_alone()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        var stale = f.Queue.Paths.JobFile(JobState.Running, "0001-reviewer");
        File.WriteAllText(stale, "{}");
        var notes = Path.Combine(f.Queue.Paths.StateDir(JobState.Done), "notes.json");
        File.WriteAllText(notes, "{\"mine\": true}");

        f.Queue.Mirror();

        Assert.False(File.Exists(stale));
        Assert.Equal("{\"mine\": true}", File.ReadAllText(notes));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_database_from_before_the_counts_gets_them_from_its_rows()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue([.. Enumerable.Range(0, 3).Select(i => new JobRequest("reviewer", $"job {i}", null, false))]);
        f.Queue.Complete(f.Queue.Claim(Me)!, JobEvidence.None, "ok");
        var db = Path.Combine(f.Root, ".run", "ias.db");
        using (var old = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            old.Open();
            using var cmd = old.CreateCommand();
            cmd.CommandText = "DROP TRIGGER queue_jobs_count_insert; DROP TRIGGER queue_jobs_count_move; DROP TRIGGER queue_jobs_count_delete; DELETE FROM queue_counts;";
            cmd.ExecuteNonQuery();
        }

        using var reopened = RunStore.Open(db);
        var queue = new JobQueue(reopened, f.Queue.Paths, f.Config, f.Clock, new FixedRandom(0.5));

        Assert.Equal((2, 1), (queue.Counts[JobState.Pending], queue.Counts[JobState.Done]));
        queue.Claim(Me);
        Assert.Equal((1, 1), (queue.Counts[JobState.Pending], queue.Counts[JobState.Running]));
    }

    [Fact]
    public void The_first_pending_due_time_is_the_earliest_not_before_and_null_when_none_is_pending()
    {
        using var f = new QueueFixture();
        Assert.Null(f.Queue.FirstPendingDue);
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        f.Queue.Enqueue("reviewer", "two", null, writes: false);

        Assert.Equal(QueueFixture.Start, f.Queue.FirstPendingDue);
    }
}
