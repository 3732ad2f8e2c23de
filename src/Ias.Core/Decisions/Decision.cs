namespace Ias.Core.Decisions;

/// <summary>
/// A question an agent asked a person, and the answer once given. <see cref="Run"/> is the run (or queue run) that waits,
/// <see cref="Job"/> the turn's job folder (a queue job's id), <see cref="SessionId"/> the agent session the answer resumes.
/// </summary>
/// <remarks>A queue job has no phase or cycle: its <see cref="Phase"/> is <see cref="JobPhase"/> and its <see cref="Cycle"/> the attempt that asked.</remarks>
public sealed record Decision(
    string Id,
    string Question,
    DateTimeOffset Asked,
    string Run,
    string Job,
    string Phase,
    int Cycle,
    string Role,
    string? SessionId,
    string? Answer = null,
    DateTimeOffset? Answered = null,
    DateTimeOffset? Delivered = null)
{
    /// <summary>The phase a queue job's question names.</summary>
    public const string JobPhase = "JOB";

    /// <summary>The machine whose runner asked a shared queue's question, and the checkout there: only that runner resumes its job. Null for a checkout's own.</summary>
    public string? Host { get; init; }

    /// <inheritdoc cref="Host"/>
    public string? Checkout { get; init; }

    public bool IsOpen => Answer is null;

    /// <summary>Whether the shared queue holds only a marker of the question (ias.data_policy): its text is read where it was asked.</summary>
    public bool Withheld => Config.DataPolicy.Withheld(Question);

    /// <summary>Whether a queue job asked it (rather than a step of a Run Mode run).</summary>
    public bool OfQueueJob => Phase == JobPhase;

    /// <summary>Where it was asked, as people read it: "IMPLEMENT, cycle 2", or "job 0003-implementer, attempt 1".</summary>
    public string Where => OfQueueJob ? $"job {Job}, attempt {Cycle}" : $"{Phase}, cycle {Cycle}";
}
