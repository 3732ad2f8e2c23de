using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ias.Core.Setup;

namespace Ias.Tui.Commands;

/// <summary>`ias preflight --json`: whether a run may start, what `--fix` changed, and each line with its mark.</summary>
public sealed record PreflightReport(bool Ready, IReadOnlyList<string> Fixed, IReadOnlyList<PreflightReportLine> Lines)
{
    // One line, "+" and "é" as they are: read in a terminal or by a script, never embedded in HTML.
    private static readonly PreflightJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static PreflightReport Of(bool ready, IReadOnlyList<string> done, IEnumerable<PreflightLine> lines) =>
        new(ready, done, [.. lines.Select(l => new PreflightReportLine(l.Mark, l.Text))]);

    public string Render() => JsonSerializer.Serialize(this, Json.PreflightReport);
}

/// <summary>One line of the report: ok, stops or advice, and what it found.</summary>
public sealed record PreflightReportLine(string Mark, string Text);

/// <summary>The JSON of <see cref="PreflightReport"/>, generated at build time so a trimmed native ias writes it without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PreflightReport))]
internal sealed partial class PreflightJsonContext : JsonSerializerContext;
