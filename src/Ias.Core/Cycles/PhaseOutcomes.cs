using Ias.Core.Agents;

namespace Ias.Core.Cycles;

/// <summary>A phase outcome's spelling in the phases table, and the one switch that reads it back.</summary>
public static class PhaseOutcomes
{
    private const string EndedPrefix = "ended:";

    public static string Wire(this PhaseOutcome outcome) => outcome switch
    {
        PhaseOutcome.Done => "done",
        PhaseOutcome.Pass => "pass",
        PhaseOutcome.Findings => "findings",
        PhaseOutcome.Ended => "ended",
        PhaseOutcome.Failed => "failed",
        PhaseOutcome.Asked => "asked",
        PhaseOutcome.RateLimited => "rate_limited",
        PhaseOutcome.Refused => "refused",
        PhaseOutcome.UsageLimit => "usage_limit",
        PhaseOutcome.Aborted => "aborted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a phase outcome"),
    };

    /// <summary>An unsuccessful implementer turn, with the failure that ended it.</summary>
    public static string Ended(FailureClass failure) => EndedPrefix + failure;

    /// <summary>Reads an outcome back; null while the phase runs. A word this table does not know reads as done, as the queue has always shown it.</summary>
    public static PhaseOutcome? Parse(string? wire) => wire switch
    {
        null => null,
        "done" => PhaseOutcome.Done,
        "pass" => PhaseOutcome.Pass,
        "findings" => PhaseOutcome.Findings,
        "failed" => PhaseOutcome.Failed,
        "asked" => PhaseOutcome.Asked,
        "rate_limited" => PhaseOutcome.RateLimited,
        "refused" => PhaseOutcome.Refused,
        "usage_limit" => PhaseOutcome.UsageLimit,
        "aborted" => PhaseOutcome.Aborted,
        _ when wire.StartsWith(EndedPrefix, StringComparison.Ordinal) => PhaseOutcome.Ended,
        _ => PhaseOutcome.Done,
    };
}
