namespace Ias.Core.Processes;

/// <summary>What one run of a command-line tool printed, and its exit code.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>"… (cut: 316 MB more)" when a stream went past what the caller keeps, else null; the kept text ends with it too.</summary>
    public string? Cut { get; init; }
}
