namespace Ias.Core.Decisions;

/// <summary>
/// A question an agent asked a person, and the answer once given. <see cref="Run"/> is the run (or queue run) that waits,
/// <see cref="Job"/> the turn's job folder, <see cref="SessionId"/> the agent session the answer resumes.
/// </summary>
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
    public bool IsOpen => Answer is null;
}
