using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;

namespace Ias.Core.Tests.Jobs;

/// <summary>A queue job's questions on a real database and a manual clock: the block, the answer, the resume, the timeout.</summary>
public sealed class JobDecisionsTests
{
    private const string Me = "pid 1 on here";
    private const string Other = "pid 2 on there";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    [Fact]
    public void A_job_whose_agent_asked_is_blocked_with_its_attempt_on_record_but_not_counted_and_its_question_kept()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        var job = f.Queue.Claim(Me)!;

        var asked = Decisions(f).Ask(job, Asking(f, job, "Tabs or spaces?"), "s-1")!;

        var d = Assert.Single(asked);
        Assert.Equal(("D1", "night", "0001-implementer", Decision.JobPhase, 1, "s-1"), (d.Id, d.Run, d.Job, d.Phase, d.Cycle, d.SessionId));
        var blocked = f.Get(job.Id);
        Assert.Equal((JobState.Blocked, 1, 0, null), (blocked.State, blocked.Attempts, blocked.Counted, blocked.LeaseOwner));
        Assert.Equal("asks D1: Tabs or spaces?; answer with `ias answer D1 \"…\"`", blocked.Reason);
        Assert.Equal(JobAttempt.Asked, blocked.History.Single().Outcome);
        Assert.Contains("by the implementer of night (job 0001-implementer, attempt 1)", File.ReadAllText(Path.Combine(f.Root, DecisionRecordFile.RelativePath(d))));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_turn_that_asked_nothing_blocks_nothing_and_one_whose_lease_was_taken_keeps_no_question()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        var stale = f.Queue.Claim(Me)!;
        Assert.Empty(Decisions(f).Ask(stale, Path.Combine(f.Root, "nowhere"), null)!);

        f.Clock.Advance(QueueConfig.Defaults.Lease + TimeSpan.FromSeconds(1));
        var taken = f.Queue.Claim(Other)!;

        Assert.Null(Decisions(f).Ask(stale, Asking(f, stale, "Which one?"), "s-1"));
        Assert.Equal((JobState.Running, Other), (f.Get(taken.Id).State, f.Get(taken.Id).LeaseOwner));
        Assert.Empty(new DecisionStore(f.Store).Open());
    }

    [Fact]
    public void A_blocked_writing_job_holds_back_the_writing_jobs_behind_it_but_not_read_only_ones()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "first change", null, writes: true);
        f.Queue.Enqueue("implementer", "second change", null, writes: true);
        f.Queue.Enqueue("reviewer", "review", null, writes: false);
        var first = f.Queue.Claim(Me)!;
        Decisions(f).Ask(first, Asking(f, first, "A or B?"), null);

        // Its half-done edits are in the tree; the second writer must not commit them as its own.
        var reviewer = f.Queue.Claim(Me)!;
        Assert.Equal("0003-reviewer", reviewer.Id);
        Assert.True(f.Queue.Complete(reviewer, JobEvidence.None, "reviewed"));
        Assert.Null(f.Queue.Claim(Me));
        Assert.Null(f.Queue.Peek());
        Assert.Equal(1, f.Queue.Counts[JobState.Blocked]);

        // What the dashboard and `ias status` say of the writer the claim passed over.
        Assert.Equal(["0002-implementer"], WriterOrder.HeldBack(f.Queue.Jobs, f.Clock.GetUtcNow()).Keys);
    }

    [Fact]
    public void Once_answered_the_job_is_resumed_with_every_answer_on_its_prompt_and_the_asking_session_until_an_agent_had_it()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "Review.", null, writes: false);
        var decisions = Decisions(f);
        var job = f.Queue.Claim(Me)!;
        decisions.Ask(job, Asking(f, job, "Tabs or spaces?"), "s-1");
        Assert.Equal((null, 1), (decisions.Look().Answered, decisions.Look().Waiting));

        new DecisionStore(f.Store).Answer("D1", "spaces", f.Clock.GetUtcNow(), out _);
        var (answered, waiting, timedOut) = decisions.Look();
        Assert.Equal(("0001-reviewer", 0, 0), (answered?.Id, waiting, timedOut.Count));

        var resumed = f.Queue.Resume(Me, answered!.Id)!;
        Assert.Equal((JobState.Running, 2, 1, 2L), (resumed.State, resumed.Attempts, resumed.Counted, resumed.Generation));
        var (head, session, deliver) = decisions.ForAttempt(resumed);
        Assert.Equal("# Answers to your questions\nThe person answered your question (D1) \"Tabs or spaces?\": spaces\n", head.Split("Go on")[0]);
        Assert.Equal("s-1", session);
        Assert.Equal(["D1"], deliver);

        // Handed to an agent once: a later attempt keeps the answer, in a session of its own.
        decisions.Delivered(deliver);
        var later = decisions.ForAttempt(resumed);
        Assert.Equal(head, later.Head);
        Assert.Null(later.Session);
        Assert.Empty(later.Deliver);
        Assert.Null(decisions.Look().Answered);
        Assert.Null(f.Queue.Resume(Me, resumed.Id));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void An_attempt_that_asked_leaves_the_job_every_retry()
    {
        using var f = new QueueFixture(QueueConfig.Defaults with { MaxAttempts = 2 });
        f.Queue.Enqueue("reviewer", "Review.", null, writes: false);
        var decisions = Decisions(f);
        var job = f.Queue.Claim(Me)!;
        decisions.Ask(job, Asking(f, job, "Which?"), null);
        new DecisionStore(f.Store).Answer("D1", "this", f.Clock.GetUtcNow(), out _);

        var resumed = f.Queue.Resume(Me, job.Id)!;

        Assert.Equal(RetryKind.Retry, f.Queue.Fail(resumed, FailureClass.Network, "reset", null)!.Kind);
        f.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(RetryKind.Fail, f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.Network, "reset", null)!.Kind);
        Assert.Equal((3, 2), (f.Get(job.Id).Attempts, f.Get(job.Id).Counted));
        Assert.Equal(1, f.Queue.RetryFailed(resetAttempts: true));
        Assert.Equal((1, 0), (f.Get(job.Id).Attempts, f.Get(job.Id).Counted));
    }

    [Fact]
    public void A_question_unanswered_past_the_timeout_fails_its_job_saying_which_and_what_to_do()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "Review.", null, writes: false);
        var decisions = Decisions(f);
        var job = f.Queue.Claim(Me)!;
        decisions.Ask(job, Asking(f, job, "Which?"), null);

        f.Clock.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), (decisions.Look().Waiting, decisions.Look().TimedOut.Count));
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, waiting, timedOut) = decisions.Look();

        const string Why = "question D1 went unanswered for 30 min (ias.decisions.timeout_minutes); answer it with `ias answer D1 \"…\"`, then `ias retry-failed --run night`";
        Assert.Equal((0, job.Id, Why), (waiting, Assert.Single(timedOut).Job.Id, timedOut[0].Reason));
        var failed = f.Get(job.Id);
        Assert.Equal((JobState.Failed, JobQueue.UnansweredFailure, Why), (failed.State, failed.Failure, failed.Reason));
        Assert.Empty(decisions.Look().TimedOut);
        Assert.Single(new DecisionStore(f.Store).Open());
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_stop_request_keeps_an_answered_job_blocked()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "Review.", null, writes: false);
        var job = f.Queue.Claim(Me)!;
        Decisions(f).Ask(job, Asking(f, job, "Which?"), null);
        new DecisionStore(f.Store).Answer("D1", "this", f.Clock.GetUtcNow(), out _);

        f.Queue.RequestStop();

        Assert.Null(f.Queue.Resume(Me, job.Id));
        Assert.Equal(JobState.Blocked, f.Get(job.Id).State);
    }

    private static JobDecisions Decisions(QueueFixture f) => new(f.Queue, Timeout, f.Clock);

    /// <summary>The attempt's folder, where its agent's `ias ask` left <paramref name="question"/>.</summary>
    private static string Asking(QueueFixture f, Job job, string question)
    {
        var attempt = Path.Combine(f.Queue.Paths.JobDir(job.Id), $"attempt-{job.Attempts}");
        AskFile.Append(AskFile.ForJob(attempt), question);
        return attempt;
    }
}
