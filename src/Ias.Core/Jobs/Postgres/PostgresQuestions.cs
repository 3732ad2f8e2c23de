using Ias.Core.Decisions;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Npgsql;

namespace Ias.Core.Jobs.Postgres;

/// <summary>
/// The shared queue's questions (ids Q1, Q2…): any checkout sharing the queue lists and answers them, the runner that asked
/// resumes its job. The question passes the data policy as it is written (decision.question); an answer the policy would
/// withhold is refused, since the asking runner could not hand it to its agent.
/// </summary>
internal sealed class PostgresQuestions(PostgresSession db, PostgresQueueStore store) : IDecisionStore
{
    private static readonly DecisionIds Ids = DecisionIds.Shared;

    private const string DecisionColumns = "seq, run, job, host, checkout, phase, cycle, role, session_id, question, asked, answer, answered, delivered";

    /// <inheritdoc/>
    /// <remarks>The question is returned as asked, in full, whatever the shared table keeps of it.</remarks>
    public Decision Ask(Decision question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var seq = db.Query(
            """
            INSERT INTO queue_decisions (run, job, repo, host, checkout, phase, cycle, role, session_id, question, asked)
            VALUES (@run, @job, @repo, @host, @checkout, @phase, @cycle, @role, @session, @question, @asked) RETURNING seq;
            """,
            r => r.GetInt64(0),
            ("run", question.Run),
            ("job", question.Job),
            ("repo", store.Repository.Identity),
            ("host", question.Host ?? ""),
            ("checkout", question.Checkout ?? ""),
            ("phase", question.Phase),
            ("cycle", question.Cycle),
            ("role", question.Role),
            ("session", question.SessionId),
            ("question", store.Withhold("decision.question", question.Question)),
            ("asked", question.Asked))[0];
        return question with { Id = Ids.Of(seq) };
    }

    /// <inheritdoc/>
    public IReadOnlyList<Decision> Open() =>
        db.Query($"SELECT {DecisionColumns} FROM queue_decisions WHERE answer IS NULL ORDER BY seq;", ReadDecision);

    /// <inheritdoc/>
    public IReadOnlyList<Decision> OfJob(string run, string job) =>
        db.Query($"SELECT {DecisionColumns} FROM queue_decisions WHERE run = @run AND job = @job ORDER BY seq;", ReadDecision, ("run", run), ("job", job));

    /// <inheritdoc/>
    public IReadOnlyList<Decision> Undelivered(string run) =>
        db.Query($"SELECT {DecisionColumns} FROM queue_decisions WHERE run = @run AND delivered IS NULL ORDER BY seq;", ReadDecision, ("run", run));

    /// <inheritdoc/>
    public Decision? Find(string id) => Ids.Seq(id) is { } seq
        ? db.Query($"SELECT {DecisionColumns} FROM queue_decisions WHERE seq = @seq;", ReadDecision, ("seq", seq)).FirstOrDefault()
        : null;

    /// <inheritdoc/>
    public Decision? Answer(string id, string answer, DateTimeOffset at, out bool already)
    {
        already = false;
        if (Ids.Seq(id) is not { } seq)
        {
            return null;
        }

        if (!store.Writing.Allows("decision.answer"))
        {
            throw new QueueException(store.Policy is null
                ? $"ias.data_policy is metadata_only without decision.answer on its allowlist, so the shared queue may not hold the answer to {Ids.Of(seq)} and its runner could not hand it on: add decision.answer to ias.data_policy.allowlist"
                : $"the shared queue's data policy is {QueuePolicy.Describe(store.Writing)}, without decision.answer, so it may not hold the answer to {Ids.Of(seq)} and its runner could not hand it on: nothing was written; answer where the team's policy lets answers be kept");
        }

        already = db.Execute(
            "UPDATE queue_decisions SET answer = @answer, answered = @at WHERE seq = @seq AND answer IS NULL;",
            ("answer", answer),
            ("at", at),
            ("seq", seq)) == 0;
        return Find(id);
    }

    /// <inheritdoc/>
    public void Delivered(IEnumerable<string> ids, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var seq in ids.Select(Ids.Seq).OfType<long>())
        {
            db.Execute("UPDATE queue_decisions SET delivered = @at WHERE seq = @seq AND delivered IS NULL;", ("at", at), ("seq", seq));
        }
    }

    private static Decision ReadDecision(NpgsqlDataReader r) => new(
        Id: Ids.Of(r.GetInt64(0)),
        Question: r.GetString(9),
        Asked: PostgresQueueStore.Time(r, 10)!.Value,
        Run: r.GetString(1),
        Job: r.GetString(2),
        Phase: r.GetString(5),
        Cycle: r.GetInt32(6),
        Role: r.GetString(7),
        SessionId: QueueRows.Text(r, 8),
        Answer: QueueRows.Text(r, 11),
        Answered: PostgresQueueStore.Time(r, 12),
        Delivered: PostgresQueueStore.Time(r, 13))
    {
        Host = r.GetString(3),
        Checkout = r.GetString(4),
    };
}
