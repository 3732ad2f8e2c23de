using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// A checkout's writing jobs run in their order: the pending ones behind a first writer that waits on an answer or a
/// backoff are held back and say behind which; read-only jobs, and writers behind one that is simply next, are not.
/// </summary>
public sealed class WriterOrderTests
{
    private static readonly DateTimeOffset Now = QueueFixture.Start;

    [Fact]
    public void Writers_behind_a_blocked_writer_are_held_back_and_read_only_jobs_are_not()
    {
        Job[] jobs =
        [
            Make(1, "implementer", writes: true, JobState.Done),
            Make(2, "implementer", writes: true, JobState.Blocked),
            Make(3, "reviewer", writes: false, JobState.Pending),
            Make(4, "implementer", writes: true, JobState.Pending),
            Make(5, "implementer", writes: true, JobState.Pending),
        ];

        var held = WriterOrder.HeldBack(jobs, Now);

        Assert.Equal(["0004-implementer", "0005-implementer"], held.Keys.Order(StringComparer.Ordinal));
        Assert.All(held.Values, first => Assert.Equal("held back behind 0002-implementer, which waits for an answer (`ias decisions`)", WriterOrder.Why(first)));

        var rows = jobs.Select(j => JobRow.Of(j, new QueuePaths("/repo", "night"), runnerAlive: true, Now, held.GetValueOrDefault(j.Id))).ToList();
        Assert.Equal([JobStatus.Done, JobStatus.Blocked, JobStatus.Pending, JobStatus.HeldBack, JobStatus.HeldBack], rows.Select(r => r.Status));
        Assert.Equal("needs an answer", rows[1].Waiting);
        Assert.Equal("held back behind 0002-implementer", rows[3].Waiting);
        Assert.Null(rows[2].Waiting);
    }

    [Fact]
    public void Writers_behind_one_waiting_out_a_backoff_are_held_back_until_it_is_due()
    {
        Job[] jobs =
        [
            Make(1, "implementer", writes: true, JobState.Pending) with { NotBefore = Now.AddMinutes(2) },
            Make(2, "implementer", writes: true, JobState.Pending),
        ];

        Assert.Equal("held back behind 0001-implementer, which waits until 10:02:00 UTC", WriterOrder.Why(Assert.Single(WriterOrder.HeldBack(jobs, Now)).Value));
        Assert.Empty(WriterOrder.HeldBack(jobs, Now.AddMinutes(2)));
    }

    [Fact]
    public void Writers_in_their_turn_behind_a_due_or_running_writer_are_not_held_back()
    {
        Assert.Empty(WriterOrder.HeldBack([Make(1, "implementer", writes: true, JobState.Pending), Make(2, "implementer", writes: true, JobState.Pending)], Now));
        Assert.Empty(WriterOrder.HeldBack([Make(1, "implementer", writes: true, JobState.Running), Make(2, "implementer", writes: true, JobState.Pending)], Now));
        Assert.Empty(WriterOrder.HeldBack([Make(1, "reviewer", writes: false, JobState.Blocked), Make(2, "implementer", writes: true, JobState.Pending)], Now));
    }

    private static Job Make(int seq, string role, bool writes, JobState state) =>
        new("night", $"{seq:0000}-{role}", seq, role, "prompt", "sim", writes, state, state == JobState.Pending ? 0 : 1, Now, Now, null, null, 0, null, null, null, null, null, null, []);
}
