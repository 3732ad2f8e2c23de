using System.Globalization;
using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Inputs;

/// <summary>
/// A plan as a run keeps it among its pinned inputs: every sprint's text written down at jack-in, so a later sprint, a
/// resume and the reviewer read that copy, and the tree's plan is only compared with it.
/// </summary>
public sealed partial class SprintPlan
{
    /// <summary>The plan as one JSON text, every sprint with its text, file, line and completed mark.</summary>
    public string ToJson() => JsonText.RenderCompact(w =>
    {
        w.WriteStartObject();
        w.WriteString("source", Source);
        JsonText.WriteObjects(w, "sprints"u8, Sprints, static (w, s) =>
        {
            w.WriteNumber("number", s.Number);
            w.WriteString("text", s.Text);
            w.WriteString("file", s.File);
            w.WriteNumber("line", s.Line);
            w.WriteBoolean("completed", s.Completed);
        });
        w.WriteEndObject();
    });

    /// <summary>The plan <see cref="ToJson"/> wrote; a text that is not one throws <see cref="RunModeException"/>.</summary>
    public static SprintPlan FromJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var sprints = root.GetProperty("sprints").EnumerateArray().Select(s => new PlannedSprint(
                s.GetProperty("number").GetInt32(),
                s.GetProperty("text").GetString() ?? "",
                s.GetProperty("file").GetString() ?? "",
                s.GetProperty("line").GetInt32(),
                s.GetProperty("completed").GetBoolean()));
            return new SprintPlan(root.GetProperty("source").GetString() ?? "", sprints);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RunModeException($"the run's kept copy of its sprint plan does not read ({e.Message}); `ias run-resume --reload-config` takes the plan as it is now");
        }
    }

    /// <summary>
    /// How <paramref name="now"/> differs from this plan, one line per sprint whose text was edited, added or removed;
    /// empty when every sprint reads the same.
    /// </summary>
    public IReadOnlyList<string> EditsIn(SprintPlan now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var lines = new List<string>();
        foreach (var n in Numbers.Union(now.Numbers).Order())
        {
            var (was, @is) = (Section(n), now.Section(n));
            if (was == @is)
            {
                continue;
            }

            lines.Add((was, @is) switch
            {
                (null, _) => Inv($"sprint {n}'s section added ({Lines(@is)})"),
                (_, null) => Inv($"sprint {n}'s section removed"),
                _ => Inv($"sprint {n}'s section edited ({Lines(was)} → {Lines(@is)})"),
            });
        }

        return lines;
    }

    private static string Lines(string? text) => text is null ? "0 lines" : Inv($"{text.Split('\n').Length} line(s)");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
