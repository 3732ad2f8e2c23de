using System.Text;

namespace Ias.Core.Agents.Adapters;

/// <summary>Reads plain output (a custom command's, or any no adapter claims): every line is assistant text, and the exit code alone says success.</summary>
public sealed class PlainTextParser(TimeProvider clock) : IStreamParser
{
    private readonly FailureClassifier _classifier = new(clock);
    private readonly StringBuilder _text = new();

    public bool SawResult => false;

    public int ApiCalls => 0;

    public string? SessionId => null;

    public DateTimeOffset? UsageLimitResetsAt { get; private set; }

    public FailureClass? StderrHint { get; private set; }

    public IEnumerable<AgentEvent> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append(line);
        return [new AssistantText(null, line)];
    }

    public void ObserveStderr(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (StderrHint is null && _classifier.Classify(line) is { } found)
        {
            StderrHint = found.Class;
            UsageLimitResetsAt = found.ResetsAt;
        }
    }

    /// <summary>Success when the command exited 0; otherwise the class stderr named, or a crash.</summary>
    public FinalResult? Finish(int? exitCode) => exitCode is null
        ? null
        : new FinalResult(exitCode == 0, exitCode == 0 ? FailureClass.None : StderrHint ?? FailureClass.Crash, _text.ToString(), 0, 0, null, 0, null);
}
