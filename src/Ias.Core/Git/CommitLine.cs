namespace Ias.Core.Git;

/// <summary>One commit as a list of them shows it: its SHA, subject and time, and how much it changed.</summary>
public sealed record CommitLine(string Sha, string Subject, DateTimeOffset When, int Files, int Added, int Removed)
{
    public string Short => Sha.Length > 7 ? Sha[..7] : Sha;
}
