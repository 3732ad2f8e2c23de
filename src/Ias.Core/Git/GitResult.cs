namespace Ias.Core.Git;

/// <summary>What one git invocation returned.</summary>
public sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;
}
