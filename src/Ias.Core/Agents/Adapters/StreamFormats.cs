using System.Text.Json;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Tells which CLI wrote a job's stdout from its first line, so a reader outside the engine (a dashboard) parses
/// each job with the right dialect without being told the agent.
/// </summary>
public static class StreamFormats
{
    public static IStreamParser ParserFor(string firstLine, TimeProvider clock)
    {
        try
        {
            using var doc = JsonDocument.Parse(firstLine);
            var type = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;
            return type switch
            {
                "thread.started" or "turn.started" => new CodexStreamParser(clock),
                "init" or "message" or "tool_use" or "tool_result" => new GeminiStreamParser(clock),
                _ => new ClaudeStreamParser(clock),
            };
        }
        catch (JsonException)
        {
            return new PlainTextParser(clock);
        }
    }
}
