namespace Ias.Core.Processes;

/// <summary>What one run of a command-line tool printed, and its exit code.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
