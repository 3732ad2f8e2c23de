using Ias.Core.Tests.Support;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>A local bare repository added as `origin` of a test repository, holding its main branch.</summary>
internal sealed class BareOrigin : IDisposable
{
    private readonly TempDir _dir = new();

    private BareOrigin()
    {
    }

    public string Path => _dir.Path;

    public static async Task<BareOrigin> AddToAsync(string repo)
    {
        var origin = new BareOrigin();
        await Shell.GitAsync(origin.Path, "init", "--quiet", "--bare", "--initial-branch=main");
        await Shell.GitAsync(repo, "remote", "add", "origin", origin.Path);
        await Shell.GitAsync(repo, "push", "--quiet", "origin", "main");
        return origin;
    }

    /// <summary>The sha of a branch on origin, or null when it has none.</summary>
    public async Task<string?> ShaAsync(string branch)
    {
        var r = await Shell.RunAsync(Path, "git", ["rev-parse", "--verify", "--quiet", $"refs/heads/{branch}"]);
        return r.Code == 0 ? r.Out.Trim() : null;
    }

    /// <summary>Every ref with its sha, for before/after comparisons.</summary>
    public Task<string> RefsAsync() => Shell.GitAsync(Path, "for-each-ref", "--format=%(refname) %(objectname)");

    /// <summary>Commit subjects on a branch of origin, newest first, that are not on main.</summary>
    public async Task<string[]> SubjectsAsync(string branch) =>
        (await Shell.GitAsync(Path, "log", "--format=%s", $"main..{branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose() => _dir.Dispose();
}
