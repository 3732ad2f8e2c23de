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

    /// <summary>Parks every call of <paramref name="agent"/>'s CLI in the repository until the limit's reset (a later park kept).</summary>
    /// <remarks>A limit that named no reset lasts until the next hour begins, as the rate window waits it out.</remarks>
    public void Park(string agent, DateTimeOffset? resetsAt, DateTimeOffset now) => db.Execute(
        "INSERT INTO usage_parked (agent, until) VALUES ($a, $u) ON CONFLICT (agent) DO UPDATE SET until = max(until, excluded.until);",
        ("$a", agent),
        ("$u", (resetsAt ?? RateLimiter.HourStart(now).AddHours(1)).UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));

    /// <summary><paramref name="agent"/>'s CLI and until when a usage limit another call met parks it; null when it is not (any more), or no CLI is named.</summary>
    public (string Agent, DateTimeOffset Until)? Parked(string? agent, DateTimeOffset now) =>
        agent is null
            ? null
            : db.Query("SELECT until FROM usage_parked WHERE agent = $a;", r => r.GetString(0), ("$a", agent))
                .Select(u => DateTimeOffset.Parse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))
                .Where(u => u > now)
                .Select(u => ((string Agent, DateTimeOffset Until)?)(agent, u))
                .FirstOrDefault();

    /// <summary>A call of <paramref name="runId"/> (a run, a bug, a queue run) was let through: it is at work until <see cref="CallEnded"/>.</summary>
    public void CallStarted(string runId) => db.Execute(
        "INSERT OR REPLACE INTO calls_in_flight (run_id, pid) VALUES ($r, $p);", ("$r", runId), ("$p", Environment.ProcessId));

    /// <summary><paramref name="runId"/>'s call in this process ended: its cost is recorded now, or it never started.</summary>
    public void CallEnded(string runId) => Forget(runId, Environment.ProcessId);

    private void Forget(string runId, int pid) => db.Execute("DELETE FROM calls_in_flight WHERE run_id = $r AND pid = $p;", ("$r", runId), ("$p", pid));

    /// <summary>How many calls are at work in the repository besides <paramref name="runId"/>'s own; a killed process's are dropped.</summary>
    public int CallsBeside(string runId)
    {
        var rows = db.Query("SELECT run_id, pid FROM calls_in_flight;", r => (Run: r.GetString(0), Pid: r.GetInt32(1)));
        foreach (var (run, pid) in rows.Where(r => !Alive(r.Pid)))
        {
            Forget(run, pid);
        }

        return rows.Count(r => Alive(r.Pid) && (r.Run, r.Pid) != (runId, Environment.ProcessId));
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Writes the rate budget as given over the saved one: a count that goes down (a reserved call given back).</summary>
    public void Replace(RateLimitSnapshot rateLimit) => db.Execute(
        "INSERT INTO rate_limit (id, snapshot) VALUES (1, $s) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot;",
        ("$s", JsonText.RenderCompact(w => RateLimitJson.Write(w, rateLimit))));

    public RateLimitSnapshot? LoadRateLimit() =>
        db.Query("SELECT snapshot FROM rate_limit WHERE id = 1;", r => r.GetString(0))
            .Select(json => db.ReadJson(json, "rate limit", e => RateLimitJson.Parse(FieldReader.Root(e))))
            .FirstOrDefault();
}
