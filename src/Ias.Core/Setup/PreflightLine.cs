namespace Ias.Core.Setup;

/// <summary>
/// One check of `ias preflight`: whether it passed, and what it found, with what to do when it did not. A failed check is
/// advice when a run starts without it (the scaffold agents read, gh for the draft PR); otherwise it stops a run.
/// </summary>
public sealed record PreflightLine(bool Ok, string Text, bool Advice = false)
{
    /// <summary>Whether `ias run` would refuse to start for what this line found.</summary>
    public bool Stops => !Ok && !Advice;

    /// <summary>The line's mark: ok, stops or advice.</summary>
    public string Mark => Ok ? "ok" : Advice ? "advice" : "stops";
}
