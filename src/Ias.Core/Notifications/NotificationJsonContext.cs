using System.Text.Json.Serialization;

namespace Ias.Core.Notifications;

/// <summary>The hook's JSON, generated at build time so a trimmed native ias writes it without reflection.</summary>
/// <remarks>The writer it is given sets the form: one line, "+" and "é" as they are (see JsonText.RenderCompact).</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HookPayloadJson))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
