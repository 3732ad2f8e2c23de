using System.Globalization;
using Ias.Core.Config;

namespace Ias.Core.Safety;

/// <summary>
/// The spend caps in force: one per run and one per UTC day. The daily cap is the smaller of hounfour's metering budget
/// (only while hounfour.metering.enabled is true) and ias.budget.daily_usd, so each key can only tighten the other.
/// </summary>
public sealed record SpendCaps(SpendCap? Run, SpendCap? Daily)
{
    public const string RunKey = "ias.budget.run_usd";
    public const string DailyKey = "ias.budget.daily_usd";
    public const string MeteringKey = "hounfour.metering.budget.daily_micro_usd";

    public static SpendCaps None { get; } = new(null, null);

    public static SpendCaps From(BudgetConfig budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var metering = budget is { MeteringEnabled: true, DailyMicroUsd: { } micro } ? new SpendCap(micro / 1_000_000m, MeteringKey) : null;
        var daily = budget.DailyUsd is { } usd ? new SpendCap(usd, DailyKey) : null;
        return new SpendCaps(
            budget.RunUsd is { } run ? new SpendCap(run, RunKey) : null,
            metering is null || (daily is not null && daily.Usd < metering.Usd) ? daily : metering);
    }

    /// <summary>Null when a call expected to cost up to <paramref name="nextCall"/> may start; otherwise the line that halts the run.</summary>
    /// <remarks>
    /// A call is refused when the spend so far plus its expected cost would pass a cap, and every call under a cap of zero.
    /// <paramref name="goOn"/> is the command that carries on once the cap is raised (Run Mode's by default); the daily cap
    /// also after 00:00 UTC. <paramref name="running"/>: calls of the run under way elsewhere (a team's other runners),
    /// whose cost is not known yet, and what they may cost. <paramref name="beside"/>: calls at work in the repository for
    /// other runs, counted against the daily cap the same way.
    /// </remarks>
    public string? Refuse(
        decimal runSpent, decimal todaySpent, decimal nextCall, string? goOn = null, (int Calls, decimal Usd) running = default, (int Calls, decimal Usd) beside = default)
    {
        if (Passes(Run, runSpent + running.Usd, nextCall))
        {
            var who = running.Calls > 0
                ? string.Create(CultureInfo.InvariantCulture, $"this run spent {Money(runSpent)}, {running.Calls} call(s) running may cost up to {Money(running.Usd)} more,")
                : "this run spent";
            return Line(who, running.Calls > 0 ? null : runSpent, nextCall, Run!, "its cap per run", goOn ?? "`ias run-resume --reload-config`");
        }

        var others = beside.Calls > 0
            ? string.Create(CultureInfo.InvariantCulture, $"this repository's agents spent {Money(todaySpent)}, {beside.Calls} call(s) at work beside this one may cost up to {Money(beside.Usd)} more,")
            : "this repository's agents spent";
        return Passes(Daily, todaySpent + beside.Usd, nextCall)
            ? Line(others, beside.Calls > 0 ? null : todaySpent, nextCall, Daily!, "the cap per UTC day",
                goOn is null ? "`ias run-resume --reload-config`, or `ias run-resume` after 00:00 UTC" : $"{goOn}, or the same after 00:00 UTC")
            : null;
    }

    /// <summary>The cap that refuses a call expected to cost up to <paramref name="nextCall"/> (the run's first), or null.</summary>
    public SpendCap? Reached(decimal runSpent, decimal todaySpent, decimal nextCall) =>
        Passes(Run, runSpent, nextCall) ? Run : Passes(Daily, todaySpent, nextCall) ? Daily : null;

    private static bool Passes(SpendCap? cap, decimal spent, decimal next) =>
        cap is not null && (cap.Usd == 0 || spent + next > cap.Usd);

    // The spend is in the words already when null (the run's, with the calls running).
    private static string Line(string who, decimal? spent, decimal next, SpendCap cap, string which, string then) =>
        string.Create(CultureInfo.InvariantCulture,
            $"budget: {who}{(spent is { } usd ? $" {Money(usd)}" : "")}{(next > 0 ? $" and the next call may cost up to {Money(next)}" : "")}, against {which} of {Money(cap.Usd)} ({cap.Key}); raise {cap.Key} in .loa.config.yaml, then {then}");

    /// <summary>Dollars with cents, and the fractions of a cent when there are any: $0.02, $0.000001.</summary>
    public static string Money(decimal usd) => "$" + usd.ToString("0.00####", CultureInfo.InvariantCulture);
}
