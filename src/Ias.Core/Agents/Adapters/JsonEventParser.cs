using System.Text.Json;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// What the JSONL parsers of Codex and Gemini share: one event object a line, named by its "type"; the failure class stderr
/// points at, a retry's giving way to the real cause; and a failed end that names its class and any usage limit's reset.
/// </summary>
public abstract class JsonEventParser(TimeProvider clock) : IStreamParser
{
    public bool SawResult { get; protected set; }

    public abstract int ApiCalls { get; }

    public string? SessionId { get; protected set; }

    public DateTimeOffset? UsageLimitResetsAt { get; protected set; }

    public FailureClass? StderrHint { get; protected set; }

    protected FailureClassifier Classifier { get; } = new(clock);

    public IEnumerable<AgentEvent> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.IsNullOrWhiteSpace(line))
        {
            return [];
        }

        if (Json.Parse(line) is not { } root || Json.Text(root, "type") is not { } type)
        {
            return [new Unparsed(line)];
        }

        var events = new List<AgentEvent>();
        Read(type, root, events);
        return events;
    }

    public void ObserveStderr(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Hint(line);
    }

    public virtual bool IsProgress(string line) => true;

    public virtual FinalResult? Finish(int? exitCode) => null;

    /// <summary>Reads one event of the given type into <paramref name="events"/>.</summary>
    protected abstract void Read(string type, JsonElement root, List<AgentEvent> events);

    /// <summary>Notes the failure class a text points at, if any.</summary>
    protected void Hint(string text)
    {
        if (Classifier.Classify(text) is not { } found)
        {
            return;
        }

        // Retries of a 429 or a dropped connection precede the real cause, which then wins.
        if (StderrHint is null || (StderrHint is FailureClass.Network or FailureClass.Transient && found.Class is not (FailureClass.Network or FailureClass.Transient)))
        {
            StderrHint = found.Class;
            UsageLimitResetsAt = found.ResetsAt ?? UsageLimitResetsAt;
        }
    }

    /// <summary>Ends the run as failed: the class its message names, else the one stderr pointed at, a usage limit announced with its reset.</summary>
    protected void Fail(string message, long tokensIn, long tokensOut, List<AgentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        SawResult = true;
        var found = Classifier.Classify(message);
        var failure = found?.Class ?? StderrHint ?? FailureClass.Unknown;
        if (failure == FailureClass.UsageLimit)
        {
            UsageLimitResetsAt = found?.ResetsAt ?? UsageLimitResetsAt ?? Classifier.ResetTime(message);
            events.Add(new UsageLimit(UsageLimitResetsAt));
        }

        events.Add(new FinalResult(false, failure, message, tokensIn, tokensOut, null, ApiCalls, SessionId));
    }
}
