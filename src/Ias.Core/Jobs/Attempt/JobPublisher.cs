using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Intake;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Notifications;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// Publishes a shared queue's writing job from its own branch: the branch pushed with the job's commit, and its draft PR
/// opened (or updated) through gh as Run Mode's are, unless run_mode.git.create_draft_pr is false.
/// </summary>
internal sealed class JobPublisher(JobQueue queue, LoaConfig config, GitCli git, TimeProvider clock, JobReporter reporter)
{
    private readonly RunPaths _paths = new(queue.Paths.RepoRoot);

    /// <summary>Pushes the branch; why it failed, in one line, when it did.</summary>
    /// <remarks>A push the remote refuses (another runner's push of the same job came first) or cannot take now is a failed attempt.</remarks>
    public static string? Push(JobBranch branch)
    {
        try
        {
            branch.Push();
            return null;
        }
        catch (GitException e)
        {
            return $"push of {branch.Name} failed: {e.GitMessage.ReplaceLineEndings(" ").Trim()}";
        }
    }

    /// <summary>
    /// Posts a review job's verdict and findings as one comment on its pull request, the text kept in the job's folder
    /// (review.md) whatever gh does: why it was not posted, in one line, or null with the comment's URL in <paramref name="url"/>.
    /// </summary>
    public string? Comment(Job job, ReviewTarget review, string? finalText, string jobDir, out string? url)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(review);
        url = null;
        var file = Path.Combine(jobDir, "review.md");
        AtomicFile.Write(file, PullRequestReview.Comment(job, review.Pr, review.Commit, finalText, config.DataPolicy));
        var kept = $"the review is in {Path.GetRelativePath(queue.Paths.RepoRoot, file)}";
        if (IceGh.OnPath(git.RepoRoot) is not { } gh)
        {
            return $"gh is not installed, so the review was not posted on pull request #{review.Pr.Number}; {kept}";
        }

        try
        {
            url = gh.Comment(review.Pr, file);
            reporter.Progress($"job {job.Id}: review posted on pull request #{review.Pr.Number}: {url}");
            return null;
        }
        catch (GitException e)
        {
            return $"gh pr comment on pull request #{review.Pr.Number} failed: {e.GitMessage.ReplaceLineEndings(" ").Trim()}; {kept}";
        }
    }

    /// <summary>
    /// The job's evidence with the URL of its branch's draft PR, null when none was opened; the PR's text stays in the job's
    /// folder (pr.md) whatever gh does.
    /// </summary>
    public JobEvidence DraftPr(Job job, JobBranch branch, JobEvidence evidence, string? finalText, string jobDir)
    {
        var text = JobPullRequestText.For(job, branch.Name, evidence, finalText, config.DataPolicy, config.TestCommand);
        var prFile = Path.Combine(jobDir, "pr.md");
        var bodyFile = Path.Combine(jobDir, "pr-body.md");
        AtomicFile.Write(prFile, text.Markdown);
        AtomicFile.Write(bodyFile, text.Body);
        var kept = $"the work is on branch {branch.Name} and the PR text in {Path.GetRelativePath(queue.Paths.RepoRoot, prFile)}";
        if (!config.RunMode.CreateDraftPr)
        {
            return evidence;
        }

        var publisher = new Publisher(git, _paths, clock, line => reporter.Progress($"job {job.Id}: {line}"), null, () => IceGh.OnPath(git.RepoRoot));
        var url = publisher.OpenDraft(branch.Name, job.Base!, text, bodyFile, kept).PrUrl;
        if (url is not null)
        {
            reporter.Notify(NotificationKind.PrOpened, $"{queue.Run} job {job.Id}: draft PR {url}", job, url: url);
        }

        return evidence with { PrUrl = url };
    }
}
