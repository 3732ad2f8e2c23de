using System.Text.Json.Serialization;

namespace Ias.Core.Reports;

/// <summary>The JSON of `ias report --json`, generated at build time so a trimmed native ias writes it without reflection.</summary>
/// <remarks>The writer it is given sets the form: indented, LF newlines, "+" and "é" as they are (see JsonText.Render).</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MorningReportJson))]
[JsonSerializable(typeof(IReadOnlyList<MorningReportJson>))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
