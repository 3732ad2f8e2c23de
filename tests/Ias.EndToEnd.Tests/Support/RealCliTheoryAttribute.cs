namespace Ias.EndToEnd.Tests.Support;

/// <summary>A theory over the real agent CLIs; skipped, with the reason printed, when they are not installed.</summary>
public sealed class RealCliTheoryAttribute : TheoryAttribute
{
    public RealCliTheoryAttribute()
    {
        Skip = AgentClis.Missing;
    }
}
