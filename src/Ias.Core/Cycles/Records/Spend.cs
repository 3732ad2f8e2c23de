using Ias.Core.Safety;

namespace Ias.Core.Cycles.Records;

/// <summary>
/// What agent calls cost against the caps: this run's calls, and every call recorded in this repository's ias.db since
/// 00:00 UTC (Run Mode runs, each sprint of a plan, bug runs and their triage, and the queue jobs this checkout's runners ran).
/// </summary>
public sealed record Spend(decimal Run, decimal Today, decimal LargestCall, SpendCaps Caps)
{
    /// <summary>The run's spend (none for <paramref name="runId"/> null) and the day's, as ias.db holds them at <paramref name="now"/>.</summary>
    public static Spend Read(RunRecords runs, string? runId, SpendCaps caps, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return Of(runId is null ? [] : runs.AgentCalls(runId), runs, caps, now);
    }

    /// <summary>The same, from the run's calls a reader already holds, so they are not read twice.</summary>
    public static Spend Of(IReadOnlyList<AgentCallRecord> calls, RunRecords runs, SpendCaps caps, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(runs);
        var today = runs.AgentCallsSince(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        return new Spend(calls.Sum(c => c.CostUsd), today.Sum(c => c.CostUsd), calls.Count == 0 ? 0m : calls.Max(c => c.CostUsd), caps)
        {
            LargestToday = today.Count == 0 ? 0m : today.Max(c => c.CostUsd),
        };
    }

    /// <summary>
    /// A queue run's spend: <paramref name="runSpent"/> as its queue holds it (the jobs of every runner that shares it), the
    /// day's as ias.db holds it, and the dearest of <paramref name="calls"/>, the run's calls this checkout recorded.
    /// </summary>
    public static Spend OfQueue(decimal runSpent, IReadOnlyList<AgentCallRecord> calls, RunRecords runs, SpendCaps caps, DateTimeOffset now, string goOn)
    {
        var local = Of(calls, runs, caps, now);
        return local with { Run = Math.Max(runSpent, local.Run), GoOn = goOn };
    }

    /// <summary>The command that carries on once a cap is raised; null for Run Mode's own (`ias run-resume --reload-config`).</summary>
    public string? GoOn { get; init; }

    /// <summary>
    /// The run's calls under way elsewhere (a team's other runners' jobs), whose cost is not known until they end, and what
    /// they may cost, each as much as the dearest call so far: the run's cap counts them as spent.
    /// </summary>
    public (int Calls, decimal Usd) Running { get; init; }

    /// <summary>The dearest call of the repository today: what each call at work for another run may cost.</summary>
    public decimal LargestToday { get; init; }

    /// <summary>Calls at work in the repository for other runs, engines and runners, and what they may cost: the daily cap counts them as spent.</summary>
    public (int Calls, decimal Usd) Beside { get; init; }

    /// <summary>This spend with <paramref name="calls"/> at work beside it, each as dear as the day's dearest call.</summary>
    public Spend WithBeside(int calls) => calls > 0 ? this with { Beside = (calls, calls * LargestToday) } : this;

    /// <summary>
    /// The line that halts the run before its next call, or null. The next call is expected to cost as much as the dearest
    /// call of the run so far: nothing before the first, so the first call runs under any cap above zero.
    /// </summary>
    public string? Refusal => Caps.Refuse(Run, Today, LargestCall, GoOn, Running, Beside);

    /// <summary>The cap that <see cref="Refusal"/> names, or null.</summary>
    public SpendCap? Reached => Caps.Reached(Run + Running.Usd, Today + Beside.Usd, LargestCall);

    public decimal? RunLeft => Caps.Run is { } cap ? Math.Max(0m, cap.Usd - Run) : null;

    public decimal? TodayLeft => Caps.Daily is { } cap ? Math.Max(0m, cap.Usd - Today) : null;
}
