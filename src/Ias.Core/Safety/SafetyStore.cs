using System.Globalization;
using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>Safety's rows in ias.db (see <see cref="SafetySchema"/>): each run's circuit breaker and the repository's rate budget, as JSON snapshots.</summary>
public sealed class SafetyStore(RunStore db)
{
    public void SaveBreaker(string runId, BreakerSnapshot breaker) => db.Execute(
        "INSERT INTO breaker (run_id, snapshot) VALUES ($id, $s) ON CONFLICT (run_id) DO UPDATE SET snapshot = excluded.snapshot;",
        ("$id", runId),
        ("$s", JsonText.RenderCompact(w => BreakerJson.Write(w, breaker))));

    public BreakerSnapshot? LoadBreaker(string runId) =>
        db.Query("SELECT snapshot FROM breaker WHERE run_id = $id;", r => r.GetString(0), ("$id", runId))
            .Select(json => db.ReadJson(json, $"breaker of run {runId}", e => BreakerJson.Parse(FieldReader.Root(e))))
            .FirstOrDefault();

    /// <summary>Saves the repository's rate budget, merged with the one saved (<see cref="RateLimitSnapshot.Merge"/>); the merged one.</summary>
    /// <remarks>The budget is per repository, not per run: calls are counted per hour across every engine and runner at work.</remarks>
    public RateLimitSnapshot SaveRateLimit(RateLimitSnapshot rateLimit)
    {
        var merged = rateLimit;
        db.Transaction(() => Replace(merged = RateLimitSnapshot.Merge(LoadRateLimit(), rateLimit)));
        return merged;
    }

    /// <summary>Parks every call of <paramref name="agent"/>'s CLI in the repository until <paramref name="until"/> (a later park kept).</summary>
    public void Park(string agent, DateTimeOffset until) => db.Execute(
        "INSERT INTO usage_parked (agent, until) VALUES ($a, $u) ON CONFLICT (agent) DO UPDATE SET until = max(until, excluded.until);",
        ("$a", agent),
        ("$u", until.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));

    /// <summary>Until when <paramref name="agent"/>'s CLI is parked by a usage limit another call met; null when it is not (any more).</summary>
    public DateTimeOffset? ParkedUntil(string agent, DateTimeOffset now) =>
        db.Query("SELECT until FROM usage_parked WHERE agent = $a;", r => r.GetString(0), ("$a", agent))
            .Select(u => DateTimeOffset.Parse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))
            .Where(u => u > now)
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();

    /// <summary>Writes the rate budget as given over the saved one: a count that goes down (a reserved call given back).</summary>
    public void Replace(RateLimitSnapshot rateLimit) => db.Execute(
        "INSERT INTO rate_limit (id, snapshot) VALUES (1, $s) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot;",
        ("$s", JsonText.RenderCompact(w => RateLimitJson.Write(w, rateLimit))));

    public RateLimitSnapshot? LoadRateLimit() =>
        db.Query("SELECT snapshot FROM rate_limit WHERE id = 1;", r => r.GetString(0))
            .Select(json => db.ReadJson(json, "rate limit", e => RateLimitJson.Parse(FieldReader.Root(e))))
            .FirstOrDefault();
}
