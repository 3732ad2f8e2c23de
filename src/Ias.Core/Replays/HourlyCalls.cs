using Ias.Core.Cycles.Records;
using Ias.Core.Safety;

namespace Ias.Core.Replays;

/// <summary>The checkout's hourly calls as a replay shows them: ias.db keeps the calls, not the counter's history.</summary>
internal static class HourlyCalls
{
    /// <summary>The calls that had started in the moment's clock hour, against the limit it was left with; none when no limit was stored.</summary>
    public static RateLimitSnapshot? At(RateLimitSnapshot? left, IReadOnlyList<AgentCallRecord> checkoutCalls, DateTimeOffset at, DateTimeOffset until)
    {
        if (left is null)
        {
            return null;
        }

        var hour = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
        return new RateLimitSnapshot(hour, checkoutCalls.Count(c => c.Started >= hour && c.Started < until), left.Limit, 0, null);
    }
}
