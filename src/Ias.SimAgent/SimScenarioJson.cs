using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ias.SimAgent;

/// <summary>
/// How a scenario file is read, generated at build time so the native ias reads it without reflection: snake_case keys and
/// failure modes, comments and trailing commas allowed, an unknown key an error.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(SnakeCaseModes)])]
[JsonSerializable(typeof(SimScenario))]
internal sealed partial class SimScenarioJson : JsonSerializerContext
{
    /// <summary>Failure modes by their snake_case names ("usage_limit"); a number is not a mode.</summary>
    internal sealed class SnakeCaseModes() : JsonStringEnumConverter<SimFailureMode>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
}
