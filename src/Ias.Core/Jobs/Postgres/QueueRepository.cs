using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Postgres;

/// <summary>
/// The repository a shared queue's job works on, as the runner that enqueued it saw it: an identity (a hash of the origin
/// remote's URL, so no URL need leave the machine), a display label, the URL itself only where the data policy allows it,
/// and the base branch each job's own branch starts from. A runner claims only jobs of its own checkout's identity.
/// </summary>
public sealed record QueueRepository(string Identity, string Label, string? Url, string Base)
{
    /// <summary>The checkout's origin remote and current branch; a checkout without either is refused with what to do.</summary>
    public static QueueRepository Of(GitCli git, DataPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(policy);
        var url = git.Try("remote", "get-url", "origin") is { Ok: true, Stdout: var u } && u.Trim() is { Length: > 0 } t ? t
            : throw new QueueException($"{git.RepoRoot} has no origin remote, and a shared queue's runners push each job's branch there: add it with `git remote add origin URL`");
        var branch = git.CurrentBranch()
            ?? throw new QueueException($"{git.RepoRoot} is on a detached HEAD: switch to the branch the jobs should start from");
        var label = url.TrimEnd('/') is var trimmed && trimmed.EndsWith(".git", StringComparison.Ordinal) ? trimmed[..^4] : trimmed;
        label = label[(label.LastIndexOfAny(['/', ':']) + 1)..];
        return new QueueRepository(policy.RepoIdentity(url), policy.Text("repo.label", label)!, policy.Allows("repo.url") ? url : null, branch);
    }
}
