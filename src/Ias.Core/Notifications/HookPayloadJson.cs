using System.Text.Json.Serialization;

namespace Ias.Core.Notifications;

/// <summary>The hook's JSON object, its fields in their order: the first five always, the rest only when known.</summary>
/// <remarks>What the moment does not know is left out rather than written as null, as hooks have always been sent it.</remarks>
internal sealed record HookPayloadJson(
    string Event,
    string Run,
    string Time,
    string? Summary,
    int Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Cycle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Job);
