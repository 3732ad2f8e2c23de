using System.Globalization;
using System.Text;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Git;
using Ias.Core.Safety.Secrets;
using Ias.Core.StateMachines;

namespace Ias.Core.Bugs;

/// <summary>A bug fix's draft PR with its confidence signals, always a draft, never merged by ias.</summary>
public static class BugPullRequestText
{
    // A bug's title is the title of the goal it was filed as.
    private const string GoalTitle = "intake.title";

    /// <summary>
    /// The bug's PR; <paramref name="inputChanges"/> are ias's own input files the agent edited (see <see cref="RunInputs"/>),
    /// and <paramref name="tests"/> what the project's test command did before publishing (null: no test command was set). Under
    /// <paramref name="policy"/> the bug's title is the goal's title (`intake.title`), and the halt reason, the commit subjects'
    /// words and the test output are free text (see <see cref="PullRequestFields"/>). <paramref name="checks"/> (the agent's
    /// changes to its own checks) come first.
    /// </summary>
    public static PullRequestText For(
        BugRecord bug, IReadOnlyList<string> commits, bool incomplete, IReadOnlyList<string>? inputChanges = null, TestRunResult? tests = null, DataPolicy? policy = null,
        CheckChanges? checks = null)
    {
        policy ??= DataPolicy.Default;
        var title = policy.Text(GoalTitle, bug.BugTitle);
        var c = bug.Confidence;
        var dir = bug.ArtifactsDir;
        var b = new StringBuilder();
        b.Append((checks ?? CheckChanges.None).PullRequestSection());
        b.Append(Inv($"## Bug Fix: {title}\n"));
        b.Append(Inv($"**Bug ID**: {bug.BugId}\n"));
        b.Append("**Source**: /run --bug").Append(bug.Issue is { } n ? Inv($" --from-issue {n}") : "").Append(" (`ias run --bug`)\n\n");
        b.Append("### Confidence Signals\n");
        b.Append(Inv($"- Reproduction: {c.ReproductionStrength}\n"));
        b.Append(Inv($"- Test type: {c.TestType}\n"));
        b.Append(Inv($"- Files changed: {c.FilesChanged}\n"));
        b.Append(Inv($"- Lines changed: {c.LinesChanged}\n"));
        b.Append(Inv($"- Risk level: {c.RiskLevel}\n"));
        if (bug.HighRiskFiles.Count > 0)
        {
            b.Append(Inv($"- High-risk files (proceeding with --allow-high): {string.Join(", ", bug.HighRiskFiles)}\n"));
        }

        b.Append('\n');
        b.Append("### Test results\n").Append((tests ?? TestRunResult.Unset).Section(policy)).Append('\n');
        b.Append("### Artifacts\n");
        b.Append(Inv($"- Triage: {dir}/triage.md\n"));
        b.Append(Inv($"- Review: {dir}/reviewer.md\n"));
        b.Append(Inv($"- Audit: {dir}/auditor-sprint-feedback.md\n\n"));
        if (commits.Count > 0)
        {
            b.Append("### Commits\n").Append(PullRequestFields.Commits(policy, commits)).Append('\n');
        }

        b.Append(RunInputs.PullRequestSection(inputChanges ?? []));
        if (incomplete)
        {
            b.Append(Inv($"### Status: INCOMPLETE ({WireName.Of(bug.State)})\n"));
            b.Append(Inv($"The bug run halted: {(bug.HaltReason is { } reason ? PullRequestFields.Free(policy, reason) : "halted")}.\n"));
        }
        else
        {
            b.Append("### Status: READY FOR HUMAN REVIEW\n");
        }

        b.Append("This PR was created by `/run --bug` autonomous mode.\nPlease review before merging.\n");
        // The commit subjects include any the agent wrote itself, which never passed the redaction of its output.
        return SecretRedactor.ForThisProcess().Redact(new PullRequestText(PullRequestText.Titled($"Bug Fix: {title}", incomplete), b.ToString()));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
