using System.Globalization;

namespace Ias.Core.Decisions;

/// <summary>What a question left unanswered past ias.decisions.timeout_minutes stops, and why, in one line.</summary>
public static class Unanswered
{
    /// <summary>The reason: which question waited how long, and to answer it, then <paramref name="then"/> (the command that goes on).</summary>
    public static string Reason(Decision question, TimeSpan timeout, string then)
    {
        ArgumentNullException.ThrowIfNull(question);
        return $"question {question.Id} went unanswered for {Span(timeout)} (ias.decisions.timeout_minutes); answer it with `ias answer {question.Id} \"…\"`, then {then}";
    }

    private static string Span(TimeSpan span) =>
        span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.##} min");
}
