using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Git;

/// <summary>A <see cref="GitRepo"/> whose `origin` is a local bare repository holding main, working on feature/x.</summary>
internal sealed class OriginRepo : IDisposable
{
    private readonly TempDir _bare = new();

    public OriginRepo()
    {
        Repo = new GitRepo();
        new GitCli(_bare.Path).Run("init", "--quiet", "--bare", "--initial-branch=main");
        Git.Run("remote", "add", "origin", _bare.Path);
        Git.Run("push", "--quiet", "origin", "main");
        Git.Run("switch", "--quiet", "-c", "feature/x");
        Repo.Write("feature.txt", "one\n");
        Git.CommitAll("feat(sprint-1): cycle 1 — feature");
    }

    public GitRepo Repo { get; }

    public GitCli Git => Repo.Git;

    public string BarePath => _bare.Path;

    /// <summary>The real git by absolute path, as an agent bypassing the shim would start it.</summary>
    public static string AbsoluteGit => IceShim.FindReal("git", Environment.GetEnvironmentVariable("PATH") ?? "", "/nonexistent")
        ?? throw new InvalidOperationException("git is not installed");

    /// <summary>The sha of a branch on origin, or null when origin has no such branch.</summary>
    public string? OriginSha(string branch)
    {
        var r = new GitCli(_bare.Path).Try("rev-parse", "--verify", "--quiet", $"refs/heads/{branch}");
        return r.Ok ? r.Stdout.Trim() : null;
    }

    /// <summary>Every ref on origin with its sha, one per line, for before/after comparisons.</summary>
    public string OriginRefs() => new GitCli(_bare.Path).Run("for-each-ref", "--format=%(refname) %(objectname)");

    public void Dispose()
    {
        Repo.Dispose();
        _bare.Dispose();
    }
}
