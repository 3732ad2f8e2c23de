using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// Reads a run's <see cref="BranchView"/>, or a queue job's, as often as a dashboard redraws: git is asked for the commits
/// again only when the branch or the base moved, so an idle dashboard costs a few `rev-parse`s a look. What it reads of
/// the commits (their subjects, messages and patches) is redacted as the agent's log is: a committed key is never shown.
/// </summary>
public sealed class BranchReader(RunPaths paths, GitCli git)
{
    /// <summary>The most commits a view lists; a run makes one or two a cycle.</summary>
    public const int MaxCommits = 200;

    private const string Remote = "origin";

    /// <summary>A reader that asks the repository's own `git`.</summary>
    public BranchReader(RunPaths paths)
        : this(paths, new GitCli(paths.RepoRoot))
    {
    }

    private readonly SecretRedactor _redactor = SecretRedactor.ForThisProcess();
    private (string Branch, string Head, string? Base)? _seen;
    private IReadOnlyList<CommitLine> _commits = [];
    private ((string Job, string Last) Key, BranchView? View)? _evidence;

    public BranchView Read(RunSnapshot run, string baseBranch)
    {
        ArgumentNullException.ThrowIfNull(run);
        var prFile = Publisher.PrFile(paths);
        return new BranchView(run.Branch, baseBranch, Commits(run.Branch, Resolve(run.Branch), baseBranch), run.PrUrl, File.Exists(prFile) ? prFile : null);
    }

    /// <summary>
    /// The commits of queue job <paramref name="id"/> as this checkout has them, with its PR and the files its evidence
    /// lists: on a team's queue its own branch ias/RUN/JOB over its base (<paramref name="runBase"/> when it names none), as
    /// this checkout made it or else as last fetched from origin; on a checkout's own queue, whose jobs commit on the run's
    /// branch, the commits its evidence names. Null when the job does not write or git here has none of them.
    /// </summary>
    public BranchView? ReadJob(QueueSnapshot queue, string id, string runBase)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(runBase);
        if (queue.Jobs.FirstOrDefault(j => j.Id == id) is not { Writes: true } job || !JobBase.IsJobBranch(JobBranch.NameOf(job))
            || (OwnBranch(JobBranch.NameOf(job), job.Base ?? runBase) ?? Evidence(job)) is not { } view)
        {
            return null;
        }

        var prFile = Path.Combine(new QueuePaths(paths.RepoRoot, job.Run).JobDir(id), "pr.md");
        return view with { Job = id, PrUrl = job.Evidence?.PrUrl, PrFile = File.Exists(prFile) ? prFile : null, ChangedFiles = job.Evidence?.ChangedFiles ?? [] };
    }

    /// <summary>One commit's message, stat and patch, its first <paramref name="maxLines"/> lines.</summary>
    /// <remarks>Redacted whole, so a private key's lines are hidden from its BEGIN line to its END line.</remarks>
    public IReadOnlyList<string> Show(string sha, int maxLines) =>
        git.Show(sha, maxLines) is { Count: > 0 } lines ? _redactor.Redact(string.Join('\n', lines)).Split('\n') : [];

    /// <summary>
    /// A team's job's own branch over its base as origin has it (the job's branch started there), else as this checkout
    /// has it: the local branch where the job ran here, else origin's copy where it was fetched; null when neither is here.
    /// </summary>
    private BranchView? OwnBranch(string name, string baseBranch)
    {
        (string Shown, string Ref)[] places = [(name, $"refs/heads/{name}"), ($"{Remote}/{name}", $"refs/remotes/{Remote}/{name}")];
        foreach (var (shown, reference) in places)
        {
            if (Resolve(reference) is not { } head)
            {
                continue;
            }

            // Full ref names: a base the database names can never be read by git as an option.
            var remoteBase = $"refs/remotes/{Remote}/{baseBranch}";
            var (label, against) = Resolve(remoteBase) is null ? (baseBranch, $"refs/heads/{baseBranch}") : ($"{Remote}/{baseBranch}", remoteBase);
            return new BranchView(shown, label, Commits(reference, head, against), null, null);
        }

        return null;
    }

    /// <summary>
    /// A checkout's own job's commits, as its evidence names them (oldest first), over the commit it started from, on the
    /// branch that holds them (the current one when it does); null when git here no longer has them on a branch.
    /// </summary>
    private BranchView? Evidence(Job job)
    {
        if (job.Evidence is not { Commits: [var first, ..] shas } || !shas.All(IsSha))
        {
            return null;
        }

        var key = (job.Id, shas[^1]);
        if (_evidence is not { } seen || seen.Key != key)
        {
            seen = (key, Look(first, shas[^1]));
            _evidence = seen;
        }

        return seen.View;

        BranchView? Look(string first, string last)
        {
            if (Resolve(last) is null)
            {
                return null;
            }

            var start = Resolve(first + "^");
            var branch = git.Try("merge-base", "--is-ancestor", last, "HEAD").Ok ? git.CurrentBranch() : null;
            branch ??= git.Try("for-each-ref", "--count=1", "--contains", last, "--format=%(refname:short)", "refs/heads/") is { Ok: true, Stdout: var holding }
                && holding.Trim() is { Length: > 0 } held ? held : null;
            return branch is null ? null
                : new BranchView(branch, start is null ? "an empty repository" : start[..7], Redacted(git.Commits(start is null ? last : $"{start}..{last}", MaxCommits)), null, null);
        }
    }

    /// <summary>The newest commits of <paramref name="branch"/> (at <paramref name="head"/>) over <paramref name="baseBranch"/>, asked again only when either moved.</summary>
    private IReadOnlyList<CommitLine> Commits(string branch, string? head, string baseBranch)
    {
        if (head is null)
        {
            _seen = null;
            return _commits = [];
        }

        var seen = (Branch: branch, Head: head, Base: Resolve(baseBranch));
        if (_seen != seen)
        {
            _seen = seen;
            // Against a base that does not resolve (a repository without main), the branch's own history is what there is.
            _commits = Redacted(git.Commits(seen.Base is null ? branch : $"{baseBranch}..{branch}", MaxCommits));
        }

        return _commits;
    }

    private IReadOnlyList<CommitLine> Redacted(IReadOnlyList<CommitLine> commits) =>
        [.. commits.Select(c => c with { Subject = _redactor.Redact(c.Subject) })];

    private string? Resolve(string rev) =>
        git.Try("rev-parse", "--verify", "--quiet", rev + "^{commit}") is { Ok: true, Stdout: var sha } ? sha.Trim() : null;

    /// <summary>Whether <paramref name="text"/> is a full or abbreviated object name, as rev-list writes them; anything else in the database is never handed to git.</summary>
    public static bool IsSha(string text) => text.Length is >= 7 and <= 64 && text.All(char.IsAsciiHexDigitLower);
}
