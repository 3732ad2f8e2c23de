namespace Ias.Core.Cycles.Lifecycle;

/// <summary>What went missing under a running engine, and whether the database came back whole or only from the engine's memory.</summary>
internal sealed record LostState(string What, bool Copied)
{
    /// <summary>The event that records the loss and what was put back.</summary>
    public string Event => Copied
        ? $"{What} went missing mid-run (deleted, moved or replaced); ias put the database back from the copy it still had open and rewrote the state files from what it holds"
        : $"{What} went missing mid-run and the copy ias had open did not read; ias made a new database from what it holds (the run, its breaker and rate budget, the open findings) and rewrote the state files";

    /// <summary>The halt's one line: what happened, then what to do.</summary>
    public string HaltReason => $"{What} went missing mid-run and ias rebuilt it from what it held; find what removed it, then `ias run-resume`";
}
