using Ias.Core.Cycles;
using Ias.Core.Git;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// Reads a run's <see cref="BranchView"/> as often as a dashboard redraws: git is asked for the commits again only when
/// the branch or the base moved, so an idle dashboard costs two `rev-parse`s a look.
/// </summary>
public sealed class BranchReader(RunPaths paths, GitCli git)
{
    /// <summary>The most commits a view lists; a run makes one or two a cycle.</summary>
    public const int MaxCommits = 200;

    /// <summary>A reader that asks the repository's own `git`.</summary>
    public BranchReader(RunPaths paths)
        : this(paths, new GitCli(paths.RepoRoot))
    {
    }

    private (string Head, string? Base)? _seen;
    private IReadOnlyList<CommitLine> _commits = [];

    public BranchView Read(RunSnapshot run, string baseBranch)
    {
        ArgumentNullException.ThrowIfNull(run);
        var head = Resolve(run.Branch);
        if (head is null)
        {
            _seen = null;
            _commits = [];
        }
        else if (_seen != (head, Resolve(baseBranch)))
        {
            _seen = (head, Resolve(baseBranch));
            // Against a base that does not resolve (a repository without main), the branch's own history is what there is.
            _commits = git.Commits(_seen.Value.Base is null ? run.Branch : $"{baseBranch}..{run.Branch}", MaxCommits);
        }

        var prFile = Publisher.PrFile(paths);
        return new BranchView(run.Branch, baseBranch, _commits, run.PrUrl, File.Exists(prFile) ? prFile : null);
    }

    /// <summary>One commit's message, stat and patch, its first <paramref name="maxLines"/> lines.</summary>
    public IReadOnlyList<string> Show(string sha, int maxLines) => git.Show(sha, maxLines);

    private string? Resolve(string rev) =>
        git.Try("rev-parse", "--verify", "--quiet", rev + "^{commit}") is { Ok: true, Stdout: var sha } ? sha.Trim() : null;
}
