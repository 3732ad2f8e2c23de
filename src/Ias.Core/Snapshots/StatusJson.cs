using System.Text.Json.Serialization;

namespace Ias.Core.Snapshots;

/// <summary>The JSON of <see cref="StatusDocument"/>: snake_case and indented, as `ias run-status --json` has always printed it.</summary>
/// <remarks>Generated at build time, so a trimmed native ias writes it without reflection.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJson : JsonSerializerContext;
