using System.Text.Json.Serialization;

namespace Ias.Tui.Commands;

/// <summary>The JSON of `ias decisions --json`, generated at build time so a trimmed native ias writes it without reflection.</summary>
/// <remarks>
/// The serializer's default escaping is kept (a non-ASCII letter, "+" and a quote as \u escapes), and its own newline, as the
/// command has always written them.
/// </remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<OpenDecisionJson>))]
internal sealed partial class DecisionsJsonContext : JsonSerializerContext;
