using System.Text.Json;
using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>`.run/rate-limit.json`, in the original Run Mode tools' format, for a <see cref="RateLimitSnapshot"/>, plus waiting_until.</summary>
internal static class RateLimitJson
{
    public static string Render(RateLimitSnapshot r) => JsonText.Render(w => Write(w, r));

    public static void Write(Utf8JsonWriter w, RateLimitSnapshot r)
    {
        w.WriteStartObject();
        w.WriteString("current_hour", IsoTime.ForFile(r.CurrentHour));
        w.WriteNumber("calls_this_hour", r.CallsThisHour);
        w.WriteNumber("limit", r.Limit);
        w.WriteNumber("consecutive_waits", r.ConsecutiveWaits);
        JsonText.WriteNullable(w, "waiting_until", r.WaitingUntil is { } t ? IsoTime.ForFile(t) : null);
        w.WriteEndObject();
    }

    /// <summary>The original tools' four fields are required; waiting_until is optional so the original tools' file reads.</summary>
    public static RateLimitSnapshot Parse(FieldReader root) => new(
        CurrentHour: root.Time("current_hour"),
        CallsThisHour: root.Int("calls_this_hour"),
        Limit: root.Int("limit"),
        ConsecutiveWaits: root.Int("consecutive_waits"),
        WaitingUntil: root.Has("waiting_until") ? root.NullableTime("waiting_until") : null);
}
