namespace Ias.Core.Tests.Agents.Adapters;

/// <summary>A fixed time in a chosen time zone, for reading "resets 5:24am" as the user's local time.</summary>
internal sealed class ZonedClock(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => zone;
}
