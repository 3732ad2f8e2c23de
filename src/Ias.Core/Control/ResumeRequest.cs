namespace Ias.Core.Control;

/// <summary>How a new engine resumes the run: resetting a tripped breaker (HALF_OPEN) and taking in uncommitted changes.</summary>
public sealed record ResumeRequest(bool ResetIce = false, bool Force = false);
