namespace Ias.Core.Cycles.Findings;

/// <summary>A reviewer's or auditor's judgement: pass, or a list of findings.</summary>
public sealed record Verdict(bool Passed, IReadOnlyList<Finding> Findings)
{
    public static Verdict Pass { get; } = new(true, []);
}
