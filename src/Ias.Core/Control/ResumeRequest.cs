namespace Ias.Core.Control;

/// <summary>How a new engine resumes the run: resetting a tripped breaker (HALF_OPEN), taking in uncommitted changes, without the agent's box.</summary>
public sealed record ResumeRequest(bool ResetIce = false, bool Force = false, bool NoSandbox = false);
