using System.Diagnostics;

namespace Ias.Core.Control;

/// <summary>What a resume did: the live engine it was sent to (<paramref name="Holder"/>), or the new engine process it started.</summary>
public sealed record ResumeOutcome(ResumeResult Result, string? Holder, Process? Engine);
