using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ias.Core.Config;
using Ias.Core.Cycles.Findings;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Jobs.Intake;

/// <summary>
/// The texts of a pr_review job (001's hybrid runner, `ias enqueue --pr`): a reading role reviews a pull request's branch in
/// its box, and its verdict and findings become one comment on the pull request, the only thing the job writes.
/// </summary>
public static partial class PullRequestReview
{
    /// <summary>The prompt of a review job that was given none.</summary>
    public const string DefaultPrompt = "Review the pull request's changes for correctness, tests, security and clarity.";

    /// <summary>The pull request <paramref name="text"/> names (a number, or a URL ending in /pull/N) as gh takes it; null when it names none.</summary>
    public static string? Reference(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().TrimStart('#');
        return NumberOnly().IsMatch(trimmed) || PullUrl().IsMatch(trimmed) ? trimmed : null;
    }

    /// <summary>What the agent reads before the job's prompt: which pull request, what its changes are, and how to give its verdict.</summary>
    public static string Lead(PullRequest pr, string? mergeBase)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var changes = mergeBase is null
            ? "its changes are the commits on HEAD not on its base branch"
            : $"its changes are `git diff {mergeBase[..Math.Min(12, mergeBase.Length)]} HEAD` (where the branch left {pr.BaseBranch})";
        return Inv($"You review pull request #{pr.Number}, \"{pr.Title}\" ({pr.Url}): your working tree is its branch {pr.HeadBranch} at HEAD, and {changes}. ")
            + "You only read: nothing you change is kept. Say what you found, then end your answer with a ```json block "
            + "{\"verdict\": \"pass\" or \"findings\", \"findings\": [{\"severity\": ..., \"file\": ..., \"line\": ..., \"title\": ...}]}.\n\n";
    }

    /// <summary>The comment for the pull request: the verdict, which job and agent reviewed which commit, the findings and the review's words, redacted and under the data policy.</summary>
    public static string Comment(Job job, PullRequest pr, string commit, string? finalText, DataPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(pr);
        ArgumentNullException.ThrowIfNull(commit);
        var verdict = VerdictParser.Parse(finalText, out var unread);
        var b = new StringBuilder();
        b.Append(verdict switch
        {
            { Passed: true } => "**ias review: approve**\n\n",
            { } v => Inv($"**ias review: request changes ({v.Findings.Count} finding(s))**\n\n"),
            null => Inv($"**ias review: no verdict given** ({unread})\n\n"),
        });
        b.Append(Inv($"Queue job `{job.Id}` of run `{job.Run}` ({job.Role}, agent {job.Agent ?? "as configured"}) reviewed `{commit[..Math.Min(7, commit.Length)]}` of `{pr.HeadBranch}`.\n\n"));
        foreach (var f in verdict?.Findings ?? [])
        {
            b.Append(Inv($"- **{f.Id}** ({f.Severity}) {PullRequestFields.Free(policy, f.Title)}{(f.File is { } file ? $" at `{file}{(f.Line is { } line ? $":{line}" : "")}`" : "")}\n"));
        }

        var words = VerdictBlock().Replace(finalText ?? "", "").Trim();
        if (words.Length > 0)
        {
            b.Append(verdict?.Findings.Count > 0 ? "\n" : "").Append(PullRequestFields.Free(policy, words)).Append('\n');
        }

        return SecretRedactor.ForThisProcess().Redact(b.ToString());
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[1-9][0-9]{0,8}$")]
    private static partial Regex NumberOnly();

    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/pull/[1-9][0-9]{0,8}/?$")]
    private static partial Regex PullUrl();

    [GeneratedRegex(@"```json[ \t]*\r?\n.*?\r?\n[ \t]*```", RegexOptions.Singleline)]
    private static partial Regex VerdictBlock();
}
