namespace Ias.Core.Decisions;

/// <summary>
/// Where questions wait for people: a checkout's `.run/ias.db` (<see cref="DecisionStore"/>, ids D1, D2…), or a team's
/// shared queue (ids Q1, Q2…), so a question of a shared queue's job is answered from any checkout sharing it.
/// </summary>
public interface IDecisionStore
{
    /// <summary>Stores a new question and returns it with its id.</summary>
    Decision Ask(Decision question);

    /// <summary>Every question still waiting for an answer, oldest first.</summary>
    IReadOnlyList<Decision> Open();

    /// <summary>The questions of one job of <paramref name="run"/>, oldest first.</summary>
    IReadOnlyList<Decision> OfJob(string run, string job);

    /// <summary>The questions of <paramref name="run"/> whose answers no agent has had yet (still open, or answered since), oldest first.</summary>
    IReadOnlyList<Decision> Undelivered(string run);

    /// <summary>The question with this id; null when there is none.</summary>
    Decision? Find(string id);

    /// <summary>Records the answer unless the question is unknown or already answered (one statement: of two people answering at once, one wins); the question as it is now, or null when unknown.</summary>
    Decision? Answer(string id, string answer, DateTimeOffset at, out bool already);

    /// <summary>Marks answers as handed to the agent, so the next attempt does not hand them again.</summary>
    void Delivered(IEnumerable<string> ids, DateTimeOffset at);
}
