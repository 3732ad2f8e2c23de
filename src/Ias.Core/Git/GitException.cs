namespace Ias.Core.Git;

/// <summary>A git command failed; the message carries git's own words.</summary>
public sealed class GitException(string command, string gitMessage)
    : Exception($"git {command} failed: {gitMessage}")
{
    public string GitMessage { get; } = gitMessage;
}
