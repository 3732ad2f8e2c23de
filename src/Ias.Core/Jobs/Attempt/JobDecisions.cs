using System.Net;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// The queue's side of decision requests: a job whose agent asked a person (`ias ask`) is blocked, neither failed nor an
/// attempt counted for retry, while its runner goes on with other jobs; once every question is answered the runner
/// resumes it, the agent's session by its id, with the answers heading its prompt. The questions are kept where the queue
/// is (<see cref="JobQueue.Questions"/>): beside Run Mode's in the checkout's `.run/ias.db`, or in a team's shared queue,
/// where anyone sharing it answers them. Only a runner of the checkout that asked resumes the job: the session it resumes
/// lives on that machine, and so does the full question when the shared queue keeps only a marker of it (ias.data_policy).
/// </summary>
public sealed class JobDecisions(JobQueue queue, TimeSpan timeout, TimeProvider clock)
{
    private static readonly string Host = Dns.GetHostName();

    private IDecisionStore Decisions => queue.Questions;

    /// <summary>
    /// Records the questions the attempt in <paramref name="attemptDir"/> asked (with their files under docs/ias/decisions)
    /// and blocks the job; empty when it asked none, null when a later claim took the job.
    /// </summary>
    /// <remarks>A question file ias would not read is told to <paramref name="refused"/> in one line, and counts as no question.</remarks>
    public IReadOnlyList<Decision>? Ask(Job job, string attemptDir, string? session, Action<string>? refused = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (questions, why) = AskFile.Read(AskFile.ForJob(attemptDir));
        if (why is not null)
        {
            refused?.Invoke(why);
        }

        if (questions.Count == 0)
        {
            return [];
        }

        var redactor = SecretRedactor.ForThisProcess();
        var asked = new List<Decision>();
        try
        {
            // The questions and the block are one transaction, in the checkout's database or in the shared queue's.
            queue.Batch(() =>
            {
                foreach (var question in questions)
                {
                    asked.Add(Decisions.Ask(new Decision(
                        "", redactor.Redact(InertText.Lines(question)), clock.GetUtcNow(), job.Run, job.Id, Decision.JobPhase, job.Attempts, job.Role, session)
                    { Host = Host, Checkout = queue.Paths.RepoRoot }));
                }

                if (!queue.Await(job, Reason(asked)))
                {
                    throw new LostLease();
                }
            });
        }
        catch (LostLease)
        {
            return null;
        }

        foreach (var decision in asked)
        {
            if (DecisionRecordFile.Write(TreeOf(job), decision) is { } unwritten)
            {
                refused?.Invoke(unwritten);
            }
        }

        return asked;
    }

    /// <summary>
    /// Fails each blocked job of this checkout whose oldest open question waited past the timeout, and finds the first whose
    /// questions are all answered: the job to resume; <c>Waiting</c> counts the ones still waiting for a person.
    /// </summary>
    public (Job? Answered, int Waiting, IReadOnlyList<(Job Job, string Reason)> TimedOut) Look()
    {
        Job? answered = null;
        var timedOut = new List<(Job, string)>();
        var waiting = 0;
        foreach (var asked in Decisions.Undelivered(queue.Run).Where(d => d.OfQueueJob && AskedHere(d)).GroupBy(d => d.Job))
        {
            if (queue.Find(asked.Key) is not { State: JobState.Blocked } job)
            {
                continue;
            }

            if (asked.FirstOrDefault(d => d.IsOpen) is not { } oldest)
            {
                answered ??= job;
                continue;
            }

            if (clock.GetUtcNow() - oldest.Asked < timeout)
            {
                waiting++;
                continue;
            }

            var reason = Unanswered.Reason(oldest, timeout, $"`ias retry-failed --run {queue.Run}`");
            if (queue.Unanswered(job.Id, reason))
            {
                timedOut.Add((job, reason));
            }
        }

        return (answered, waiting, timedOut);
    }

    /// <summary>
    /// What an attempt of <paramref name="job"/> is given: every answer to its questions, as the head of its prompt (empty
    /// when none), the session of the question last answered if no agent has had the answer yet, and those answers' ids.
    /// </summary>
    public (string Head, string? Session, IReadOnlyList<string> Deliver) ForAttempt(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var tree = TreeOf(job);
        var answered = Decisions.OfJob(job.Run, job.Id).Where(d => d.Answer is not null).Select(d => Full(tree, d)).ToList();
        var fresh = answered.Where(d => d.Delivered is null).ToList();

        // An answer given on another box reaches this checkout's record here, which the job's commit then takes.
        foreach (var decision in fresh)
        {
            // Refused only where an agent linked the folder away; the answer reaches the agent from the queue all the same.
            _ = DecisionRecordFile.Write(tree, decision);
        }

        return (AnswerPrompt.For(answered), fresh.LastOrDefault(d => d.SessionId is not null)?.SessionId, [.. fresh.Select(d => d.Id)]);
    }

    /// <summary>Marks answers as handed to an agent (once its turn ran): the next attempt starts a new session.</summary>
    public void Delivered(IReadOnlyList<string> ids) => Decisions.Delivered(ids, clock.GetUtcNow());

    /// <summary>Whether this checkout's runner asked <paramref name="decision"/> (every question of a checkout's own queue is its own).</summary>
    private bool AskedHere(Decision decision) =>
        decision.Checkout is null || (decision.Host == Host && decision.Checkout == queue.Paths.RepoRoot);

    /// <summary>The question in full: a shared queue may hold only its marker, and the record where it was asked the text.</summary>
    private static Decision Full(string tree, Decision decision) =>
        decision.Withheld && DecisionRecordFile.Question(tree, decision) is { } text ? decision with { Question = text } : decision;

    /// <summary>Where <paramref name="job"/>'s records are kept: in the worktree a writing job works in, whose commit takes them.</summary>
    private string TreeOf(Job job) => JobTree.RootOf(queue.Paths.RepoRoot, job, queue.Shared);

    /// <summary>A blocked job's reason: its questions' ids and the first one, and how to answer.</summary>
    private static string Reason(IReadOnlyList<Decision> asked)
    {
        var first = asked[0];
        var line = first.Question.Split('\n')[0].Trim();
        return $"asks {string.Join(", ", asked.Select(d => d.Id))}: {ShortText.Cut(line, 120)}; answer with `ias answer {first.Id} \"…\"`";
    }

    private sealed class LostLease : Exception;
}
