using System.Globalization;
using System.Text.Json;
using Ias.Core.Decisions;
using Ias.Core.Safety;

namespace Ias.Tui.Commands;

/// <summary>`ias decisions --json`: the open questions as an indented array, every text inert (agents wrote it, other machines some).</summary>
/// <remarks>
/// It is built here rather than beside the questions in the engine's Decisions folder: that folder may not use Safety,
/// where text is made inert.
/// </remarks>
public static class DecisionsJson
{
    /// <summary>The questions, in the order given, as indented JSON ending in a newline.</summary>
    public static string Render(IReadOnlyList<Decision> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        IReadOnlyList<OpenDecisionJson> documents = [.. open.Select(Document)];
        return JsonSerializer.Serialize(documents, DecisionsJsonContext.Default.IReadOnlyListOpenDecisionJson) + "\n";
    }

    // The question keeps its line breaks (it is read whole); the other texts are one line each. "asked" is in whole
    // seconds, as the command has always written it.
    private static OpenDecisionJson Document(Decision d) => new(
        d.Id,
        InertText.Lines(d.Question),
        d.Asked.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        InertText.Line(d.Run),
        InertText.LineOrNull(d.Job),
        InertText.Line(d.Phase),
        d.Cycle,
        InertText.Line(d.Role),
        InertText.LineOrNull(d.Host));
}
