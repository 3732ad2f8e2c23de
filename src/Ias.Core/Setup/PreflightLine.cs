namespace Ias.Core.Setup;

/// <summary>One check of `ias preflight`: whether it passed, and what it found, with what to do when it did not.</summary>
public sealed record PreflightLine(bool Ok, string Text);
