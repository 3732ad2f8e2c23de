using System.Text.Json;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters.Toy;

/// <summary>Reads the toy CLI's lines: {"toy":"session","id":..}, {"toy":"say","text":..} and {"toy":"done","ok":..,"text":..}.</summary>
public sealed class ToyStreamParser(TimeProvider clock) : IStreamParser
{
    private readonly FailureClassifier _classifier = new(clock);
    private int _says;

    public bool SawResult { get; private set; }

    public int ApiCalls => _says;

    public string? SessionId { get; private set; }

    public DateTimeOffset? UsageLimitResetsAt { get; private set; }

    public FailureClass? StderrHint { get; private set; }

    public IEnumerable<AgentEvent> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return [new Unparsed(line)];
        }

        var text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        switch (root.TryGetProperty("toy", out var kind) ? kind.GetString() : null)
        {
            case "session":
                SessionId = root.GetProperty("id").GetString();
                return [new SessionStarted(SessionId!, null)];
            case "say":
                _says++;
                return [new AssistantText(null, text)];
            case "done":
                SawResult = true;
                var ok = root.GetProperty("ok").GetBoolean();
                var failure = ok ? FailureClass.None : _classifier.Classify(text)?.Class ?? FailureClass.Unknown;
                return [new FinalResult(ok, failure, text, 0, 0, null, ApiCalls, SessionId)];
            default:
                return [new Unparsed(line)];
        }
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
}
