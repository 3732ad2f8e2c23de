using System.Globalization;
using System.Text;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Safety.Secrets;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Publishing;

/// <summary>A run's draft PR: summary, cycle count and metrics, test results, and the prominent deleted-files tree.</summary>
public static class RunPullRequestText
{
    /// <summary>
    /// The PR of a finished run, or, with <paramref name="incomplete"/>, the `[INCOMPLETE]` draft of a halted one;
    /// <paramref name="inputChanges"/> are ias's own input files the agent edited (see <see cref="RunInputs"/>), and
    /// <paramref name="tests"/> what the project's test command did before publishing (null: no test command was set). Under
    /// <paramref name="policy"/> the halt reason, the commit subjects' words and the test output are free text (see <see cref="PullRequestFields"/>).
    /// <paramref name="checks"/> and <paramref name="planEdits"/> (the agent's changes to its own checks and to the sprint plan) come first.
    /// </summary>
    public static PullRequestText For(
        RunSnapshot run, IReadOnlyList<DeletedFile> deleted, IReadOnlyList<string> commits, bool incomplete, IReadOnlyList<LineStat>? lines = null,
        IReadOnlyList<string>? inputChanges = null, TestRunResult? tests = null, DataPolicy? policy = null, CheckChanges? checks = null, IReadOnlyList<string>? planEdits = null)
    {
        policy ??= DataPolicy.Default;
        var title = PullRequestText.Titled($"Run Mode: {run.Target}", incomplete);
        var b = new StringBuilder();
        b.Append((checks ?? CheckChanges.None).PullRequestSection(planEdits));
        Summary(b, run, commits, incomplete, policy);
        Metrics(b, run, lines);
        b.Append("## Test results\n\n");
        b.Append((tests ?? TestRunResult.Unset).Section(policy)).Append('\n');
        b.Append("Review: ").Append(Verdict(run, Phase.Review)).Append(". Audit: ").Append(Verdict(run, Phase.Audit)).Append('.');
        if (run.RedTeamCode is { } redTeam)
        {
            b.Append(" Red team (code vs design): ").Append(Verdict(run, Phase.RedTeamCode))
                .Append(Inv($", {redTeam.DivergencesFound} confirmed divergence(s) in {redTeam.Cycles} of at most {redTeam.MaxCycles} re-implementation(s)."));
        }

        b.Append("\n\n");
        b.Append(RunInputs.PullRequestSection(inputChanges ?? []));

        b.Append(DeletedFilesTree.PullRequestSection(deleted, "run"));
        b.Append("---\n");
        b.Append(Inv($"Draft PR from ias Run Mode, run `{run.RunId}`. Humans review and merge; ICE never merges, force-pushes or deletes branches.\n"));
        // The commit subjects include any the agent wrote itself, which never passed the redaction of its output.
        return SecretRedactor.ForThisProcess().Redact(new PullRequestText(title, b.ToString()));
    }

    private static void Summary(StringBuilder b, RunSnapshot run, IReadOnlyList<string> commits, bool incomplete, DataPolicy policy)
    {
        b.Append("## Summary\n\n");
        if (incomplete)
        {
            b.Append(Inv($"Run Mode halted **{run.Target}** on `{run.Branch}` at cycle {run.CycleCurrent} ({WireName.Of(run.Phase)}): {(run.HaltReason is { } reason ? PullRequestFields.Free(policy, reason) : "halted")}.\n\n"));
            b.Append("**This draft is INCOMPLETE.** Continue the run with `ias run-resume` (add `--reset-ice` if the circuit breaker tripped); this PR is updated when it finishes.\n\n");
        }
        else
        {
            b.Append(Inv($"Run Mode ran **{run.Target}** autonomously on `{run.Branch}`: review and audit passed in cycle {run.CycleCurrent}.\n\n"));
        }

        if (commits.Count > 0)
        {
            b.Append("### Commits\n\n").Append(PullRequestFields.Commits(policy, commits)).Append('\n');
        }
    }

    private static void Metrics(StringBuilder b, RunSnapshot run, IReadOnlyList<LineStat>? lines)
    {
        b.Append("## Metrics\n\n");
        var added = lines?.Sum(l => l.Added) ?? 0;
        var removed = lines?.Sum(l => l.Deleted) ?? 0;
        b.Append("| Cycles | Commits | Files changed | Lines | Findings fixed | Tokens in / out | Cost |\n");
        b.Append("|---|---|---|---|---|---|---|\n");
        b.Append(Inv($"| {run.CycleCurrent} of {run.CycleLimit} | {run.Commits} | {run.FilesChanged} | +{added} −{removed} | {run.FindingsFixed} | {run.TokensIn} / {run.TokensOut} | ${run.CostUsd:0.####} |\n\n"));
        if (run.CycleHistory.Count > 0)
        {
            b.Append("| Cycle | Phase | Findings |\n|---|---|---|\n");
            foreach (var h in run.CycleHistory)
            {
                b.Append(Inv($"| {h.Cycle} | {WireName.Of(h.Phase)} | {h.Findings} |\n"));
            }

            b.Append('\n');
        }
    }

    private static string Verdict(RunSnapshot run, Phase phase)
    {
        var last = run.CycleHistory.LastOrDefault(h => h.Phase == phase);
        return last switch
        {
            null => "not reached",
            { Findings: 0 } => Inv($"passed in cycle {last.Cycle}"),
            _ => Inv($"{last.Findings} finding(s) open in cycle {last.Cycle}"),
        };
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
