using System.Globalization;
using System.Text;
using Ias.Core.Config;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// The draft PR of a shared queue's writing job, whose branch `ias/RUN/JOB` holds its one commit: which job, its commit
/// and files, its prompt and the agent's final message, and what it used. Under the data policy the prompt and the final
/// message are free text (`pr.body`, see <see cref="PullRequestFields"/>); the rest is ids, paths and counts.
/// </summary>
public static class JobPullRequestText
{
    /// <summary>
    /// The PR of <paramref name="job"/> on <paramref name="branch"/> with its <paramref name="evidence"/>; <paramref name="finalText"/>
    /// is the agent's last message, null when an earlier attempt made the commit and this one only found it, and
    /// <paramref name="policy"/> says what of the free text may leave; the changed files that are checks (<paramref name="testCommand"/>'s
    /// files, CI, hooks) are listed first.
    /// </summary>
    public static PullRequestText For(Job job, string branch, JobEvidence evidence, string? finalText, DataPolicy policy, string? testCommand = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        var b = new StringBuilder();
        b.Append(CheckChanges.Of(evidence.ChangedFiles, testCommand).PullRequestSection());
        b.Append(Inv($"## Summary\n\nQueue job **{job.Id}** of run **{job.Run}** ({job.Role}, agent {job.Agent ?? "as configured"}, attempt {job.Attempts}), "));
        b.Append(Inv($"committed on `{branch}` from `{job.Base}` by `ias run-loop`.\n\n"));
        b.Append("### Prompt\n\n").Append(Quoted(PullRequestFields.Free(policy, job.Prompt))).Append("\n\n");
        b.Append("### Result\n\n")
            .Append(finalText is null ? "Committed and pushed by an earlier attempt whose runner stopped before recording it." : PullRequestFields.Free(policy, finalText))
            .Append("\n\n");
        b.Append("### Commit\n\n");
        foreach (var sha in evidence.Commits)
        {
            b.Append("- `").Append(sha).Append("`\n");
        }

        b.Append(Inv($"\n### Changed files ({evidence.ChangedFiles.Count})\n\n"));
        foreach (var path in evidence.ChangedFiles)
        {
            b.Append("- `").Append(path).Append("`\n");
        }

        var usage = job.Usage;
        b.Append("\n## Usage\n\n| Tokens in / out | Cost |\n|---|---|\n");
        b.Append(Inv($"| {usage.TokensIn} / {usage.TokensOut} | {(usage.CostUsd is { } cost ? Inv($"${cost:0.####}") : "not reported")} |\n"));
        // The prompt may be a follow-up an agent wrote, the changed files' names are the agent's: both pass the redactor's door.
        return SecretRedactor.ForThisProcess().Redact(new PullRequestText(Inv($"Queue {job.Run}: job {job.Id} ({job.Role})"), b.ToString()));
    }

    private static string Quoted(string text) => string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => "> " + l));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
