using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Safety.Secrets;
using Ias.Core.StateMachines;

namespace Ias.Core.Plans;

/// <summary>The single consolidated draft PR of a sprint plan: a per-sprint table, commits grouped by sprint, deleted files.</summary>
public static partial class PlanPullRequestText
{
    public const string OtherCommits = "other";

    /// <summary>
    /// The PR of <paramref name="plan"/>; <paramref name="commits"/> are the branch's subjects, oldest first, and
    /// <paramref name="inputChanges"/> ias's own input files the agents edited (see <see cref="RunInputs"/>), and
    /// <paramref name="tests"/> what the project's test command did before publishing (null: no test command was set). Under
    /// <paramref name="policy"/> the halt reason, the commit subjects' words and the test output are free text (see <see cref="PullRequestFields"/>).
    /// <paramref name="checks"/> and <paramref name="planEdits"/> (the agents' changes to their own checks and to the sprint plan) come first.
    /// </summary>
    public static PullRequestText For(
        SprintPlanState plan, IReadOnlyList<string> commits, IReadOnlyList<DeletedFile> deleted, bool incomplete, IReadOnlyList<string>? inputChanges = null,
        TestRunResult? tests = null, DataPolicy? policy = null, CheckChanges? checks = null, IReadOnlyList<string>? planEdits = null)
    {
        policy ??= DataPolicy.Default;
        var ids = plan.Sprints.Select(s => s.Id).ToList();
        var title = PullRequestText.Titled($"Run Mode: sprint plan ({ids.FirstOrDefault()}{(ids.Count > 1 ? $" … {ids[^1]}" : "")})", incomplete);
        var b = new StringBuilder();
        b.Append((checks ?? CheckChanges.None).PullRequestSection(planEdits));
        b.Append("## Summary\n\n");
        b.Append(Inv($"Run Mode ran the sprint plan `{plan.PlanId}` on `{plan.Branch}`: {plan.Completed} of {plan.Sprints.Count} sprint(s) completed, {plan.TotalCycles} cycle(s), {plan.TotalFilesChanged} file change(s).\n\n"));
        if (incomplete)
        {
            b.Append(Inv($"**This draft is INCOMPLETE.** The plan halted at {plan.Current ?? (plan.Completed == plan.Sprints.Count ? "the post-PR validation of this PR" : "a sprint")}: {(plan.HaltReason is { } reason ? PullRequestFields.Free(policy, reason) : "halted")}. Continue it with `ias run-resume` (add `--reset-ice` if the circuit breaker tripped); this PR is updated when it finishes.\n\n"));
        }

        b.Append("## Sprints\n\n| Sprint | Status | Cycles | Commits | Files changed |\n|---|---|---|---|---|\n");
        foreach (var s in plan.Sprints)
        {
            var status = s.Skipped ? "completed earlier (skipped)" : WireName.Of(s.Status).ToLowerInvariant();
            b.Append(Inv($"| {s.Id} | {status} | {s.Cycles?.ToString(CultureInfo.InvariantCulture) ?? "–"} | {s.Commits} | {s.FilesChanged} |\n"));
        }

        b.Append('\n');
        b.Append("## Test results\n\n").Append((tests ?? TestRunResult.Unset).Section(policy)).Append('\n');
        var groups = Group(commits);
        if (groups.Count > 0)
        {
            b.Append("## Commits by sprint\n\n");
            foreach (var (sprint, subjects) in groups)
            {
                b.Append("### ").Append(sprint).Append("\n\n").Append(PullRequestFields.Commits(policy, subjects)).Append('\n');
            }
        }

        b.Append(RunInputs.PullRequestSection(inputChanges ?? []));
        b.Append(DeletedFilesTree.PullRequestSection(deleted, "plan"));

        b.Append("---\n");
        b.Append(Inv($"Draft PR from ias Run Mode, plan `{plan.PlanId}`. Humans review and merge; ICE never merges, force-pushes or deletes branches.\n"));
        // The commit subjects include any the agent wrote itself, which never passed the redaction of its output.
        return SecretRedactor.ForThisProcess().Redact(new PullRequestText(title, b.ToString()));
    }

    /// <summary>Commit subjects by the sprint their `feat(sprint-N)` marker names, in order of first appearance; the rest under "other".</summary>
    public static IReadOnlyList<(string Sprint, IReadOnlyList<string> Subjects)> Group(IReadOnlyList<string> commits)
    {
        var groups = new List<(string Sprint, List<string> Subjects)>();
        foreach (var subject in commits)
        {
            var m = Marker().Match(subject);
            var key = m.Success ? m.Groups["id"].Value : OtherCommits;
            var group = groups.FindIndex(g => g.Sprint == key);
            if (group < 0)
            {
                groups.Add((key, [subject]));
            }
            else
            {
                groups[group].Subjects.Add(subject);
            }
        }

        return [.. groups.Select(g => (g.Sprint, (IReadOnlyList<string>)g.Subjects))];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:[0-9a-f]{7,40} )?\w+\((?<id>sprint-\d+)\)")]
    private static partial Regex Marker();
}
