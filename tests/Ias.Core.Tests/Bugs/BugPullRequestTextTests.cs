using Ias.Core.Bugs;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;

namespace Ias.Core.Tests.Bugs;

/// <summary>A bug fix's draft PR under the data policy: the bug's title is the goal's title, the rest of its words are the PR body's.</summary>
public sealed class BugPullRequestTextTests
{
    private const string Title = "Refund of order 7 for Jane Roe goes to the wrong card";
    private const string Reason = "auditor: the refund still reaches Jane Roe's old card";
    private const string Summary = "Send the refund to Jane Roe's current card";

    private static readonly DateTimeOffset Created = new(2026, 2, 11, 10, 0, 0, TimeSpan.Zero);

    private static readonly BugRecord Bug = new(
        "20260211-a3f2b1", Title, "sprint-bug-3", BugState.Halted, Created, Created, CycleCount: 2, SameIssueCount: 2, NoProgressCount: 0, LastFindingHash: null,
        new BugConfidence("strong", "unit", "low", 3, 42), "bugfix/20260211-a3f2b1", new RunOptions(10, 2), ["src/refunds.ts"], ["src/payments/card.ts"],
        AllowHigh: true, Issue: 42, HaltReason: Reason);

    private static readonly string[] Commits = [$"a1b2c3d feat(sprint-bug-3): cycle 1 — {Summary}"];

    [Fact]
    public void A_fix_that_changed_the_test_command_s_files_opens_with_them_before_the_bug_s_heading()
    {
        var checks = Ias.Core.Cycles.Publishing.CheckChanges.Of(["src/refunds.ts", "package.json", "tests/conftest.py"], "npm test");

        var pr = BugPullRequestText.For(Bug, Commits, incomplete: false, checks: checks);

        Assert.StartsWith(Ias.Core.Cycles.Publishing.CheckChanges.Heading, pr.Body);
        Assert.True(pr.Body.IndexOf("- `package.json`", StringComparison.Ordinal) < pr.Body.IndexOf($"## Bug Fix: {Title}", StringComparison.Ordinal));
        Assert.Contains("- `tests/conftest.py`\n", pr.Body);
    }

    [Fact]
    public void Under_internal_ok_the_title_the_reason_and_the_commits_read_in_full()
    {
        var pr = BugPullRequestText.For(Bug, Commits, incomplete: true, policy: DataPolicy.Default);

        Assert.Equal($"[INCOMPLETE] Bug Fix: {Title}", pr.Title);
        Assert.Contains($"## Bug Fix: {Title}\n", pr.Body);
        Assert.Contains($"The bug run halted: {Reason}.", pr.Body);
        Assert.Contains($"- {Commits[0]}\n", pr.Body);
        Assert.Equal(BugPullRequestText.For(Bug, Commits, incomplete: true), pr);
    }

    [Fact]
    public void Under_metadata_only_the_title_stays_while_intake_title_is_allowlisted_and_the_rest_is_withheld()
    {
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);

        var pr = BugPullRequestText.For(Bug, Commits, incomplete: true, policy: policy);

        Assert.Equal($"[INCOMPLETE] Bug Fix: {Title}", pr.Title);
        Assert.Contains($"## Bug Fix: {Title}\n", pr.Body);
        Assert.DoesNotContain("old card", pr.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("current card", pr.Body, StringComparison.Ordinal);
        Assert.Contains($"The bug run halted: {policy.Text("pr.body", Reason)}.", pr.Body);
        Assert.Contains($"- a1b2c3d feat(sprint-bug-3): cycle 1 — {policy.Text("pr.body", Summary)}\n", pr.Body);
    }

    [Fact]
    public void Under_metadata_only_without_intake_title_the_bug_title_is_withheld_and_ids_paths_and_signals_stay()
    {
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string>());

        var pr = BugPullRequestText.For(Bug, Commits, incomplete: true, policy: policy);

        Assert.DoesNotContain("Jane", pr.Title + pr.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("refund", pr.Title + pr.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"[INCOMPLETE] Bug Fix: {policy.Text("intake.title", Title)}", pr.Title);
        Assert.StartsWith("## Bug Fix: [withheld: intake.title, sha256:", pr.Body);
        Assert.Contains("**Bug ID**: 20260211-a3f2b1\n", pr.Body);
        Assert.Contains("--from-issue 42", pr.Body);
        Assert.Contains("- Risk level: low\n", pr.Body);
        Assert.Contains("- High-risk files (proceeding with --allow-high): src/payments/card.ts\n", pr.Body);
        Assert.Contains("- Triage: grimoires/loa/a2a/bug-20260211-a3f2b1/triage.md\n", pr.Body);
        Assert.Contains("### Status: INCOMPLETE (HALTED)\n", pr.Body);
    }
}
