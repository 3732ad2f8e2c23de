namespace Ias.Core.Bugs;

/// <summary>The confidence signals of a bug fix: how well it reproduced, the test that pins it, its risk, and its size.</summary>
public sealed record BugConfidence(
    string ReproductionStrength,
    string TestType,
    string RiskLevel,
    int FilesChanged,
    int LinesChanged);
