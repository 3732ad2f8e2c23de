using Ias.Core.Storage;
using Microsoft.Data.Sqlite;
using static Ias.Core.Storage.Columns;

namespace Ias.Core.Decisions;

/// <summary>The decisions table in ias.db: questions are asked by the engine, answered from any process, delivered by the engine.</summary>
public sealed class DecisionStore(RunStore db) : IDecisionStore
{
    private static readonly DecisionIds Ids = DecisionIds.Local;

    /// <summary>Stores a new question and returns it with its id (D1, D2, ...).</summary>
    public Decision Ask(Decision question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var seq = db.Query(
            """
            INSERT INTO decisions (run, job, phase, cycle, role, session_id, question, asked)
            VALUES ($run, $job, $phase, $cycle, $role, $session, $question, $asked) RETURNING seq;
            """,
            r => r.GetInt64(0),
            ("$run", question.Run),
            ("$job", question.Job),
            ("$phase", question.Phase),
            ("$cycle", question.Cycle),
            ("$role", question.Role),
            ("$session", question.SessionId),
            ("$question", question.Question),
            ("$asked", IsoTime.ForDb(question.Asked)))[0];
        return question with { Id = Ids.Of(seq) };
    }

    /// <summary>Every question still waiting for an answer, oldest first.</summary>
    public IReadOnlyList<Decision> Open() => db.Query("SELECT * FROM decisions WHERE answer IS NULL ORDER BY seq;", Read);

    /// <summary>Every question of <paramref name="run"/>, oldest first.</summary>
    public IReadOnlyList<Decision> OfRun(string run) => db.Query("SELECT * FROM decisions WHERE run = $run ORDER BY seq;", Read, ("$run", run));

    /// <summary>The questions of one job of <paramref name="run"/> (a queue job's id, or a turn's job folder), oldest first.</summary>
    public IReadOnlyList<Decision> OfJob(string run, string job) =>
        db.Query("SELECT * FROM decisions WHERE run = $run AND job = $job ORDER BY seq;", Read, ("$run", run), ("$job", job));

    /// <summary>The questions of <paramref name="run"/> whose answers no agent has had yet (still open, or answered since), oldest first.</summary>
    public IReadOnlyList<Decision> Undelivered(string run) =>
        db.Query("SELECT * FROM decisions WHERE run = $run AND delivered IS NULL ORDER BY seq;", Read, ("$run", run));

    /// <summary>The decision with this id (D3, d3 or 3); null when there is none.</summary>
    public Decision? Find(string id) =>
        Ids.Seq(id) is { } seq ? db.Query("SELECT * FROM decisions WHERE seq = $seq;", Read, ("$seq", seq)).FirstOrDefault() : null;

    /// <summary>Records the answer unless the decision is unknown or already answered; returns the decision as it is now, or null when unknown.</summary>
    public Decision? Answer(string id, string answer, DateTimeOffset at, out bool already)
    {
        already = false;
        if (Ids.Seq(id) is not { } seq)
        {
            return null;
        }

        // One statement: two people answering at once cannot both win.
        var changed = db.Execute(
            "UPDATE decisions SET answer = $answer, answered = $at WHERE seq = $seq AND answer IS NULL;",
            ("$answer", answer),
            ("$at", IsoTime.ForDb(at)),
            ("$seq", seq));
        already = changed == 0;
        return Find(id);
    }

    /// <summary>Marks answers as handed to the agent, so the next step of the run does not hand them again.</summary>
    public void Delivered(IEnumerable<string> ids, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var seq in ids.Select(Ids.Seq).OfType<long>())
        {
            db.Execute("UPDATE decisions SET delivered = $at WHERE seq = $seq AND delivered IS NULL;", ("$at", IsoTime.ForDb(at)), ("$seq", seq));
        }
    }

    private static Decision Read(SqliteDataReader r) => new(
        Id: Ids.Of(r.GetInt64(r.GetOrdinal("seq"))),
        Question: Text(r, "question"),
        Asked: Time(r, "asked"),
        Run: Text(r, "run"),
        Job: Text(r, "job"),
        Phase: Text(r, "phase"),
        Cycle: Int(r, "cycle"),
        Role: Text(r, "role"),
        SessionId: NullableText(r, "session_id"),
        Answer: NullableText(r, "answer"),
        Answered: NullableTime(r, "answered"),
        Delivered: NullableTime(r, "delivered"));
}
