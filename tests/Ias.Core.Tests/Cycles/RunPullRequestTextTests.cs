using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;

namespace Ias.Core.Tests.Cycles;

public sealed class RunPullRequestTextTests
{
    private static readonly RunSnapshot Run = new(
        "run-20260119-abc123", "sprint-1", "feature/sprint-1", RunState.Complete, Phase.Audit,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 2, 20,
        [new CycleEntry(1, Phase.Implement, 0), new CycleEntry(1, Phase.Review, 3), new CycleEntry(2, Phase.Implement, 0), new CycleEntry(2, Phase.Review, 0), new CycleEntry(2, Phase.Audit, 0)],
        FilesChanged: 7, Commits: 2, FindingsFixed: 3, new RunOptions(20, 8), TokensIn: 1200, TokensOut: 850, CostUsd: 0.0421875m);

    private static readonly DataPolicy MetadataOnly = new(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);

    [Fact]
    public void The_body_has_summary_metrics_test_results_and_a_prominent_deleted_files_tree()
    {
        var pr = RunPullRequestText.For(
            Run, [new DeletedFile("src/old-module.ts", "sprint-1", 2)], ["abc1234 feat(sprint-1): cycle 2 — fix"], incomplete: false,
            [new LineStat(10, 2, "a.ts"), new LineStat(0, 30, "src/old-module.ts")]);

        Assert.Equal("Run Mode: sprint-1", pr.Title);
        Assert.Contains("review and audit passed in cycle 2", pr.Body);
        Assert.Contains("- abc1234 feat(sprint-1): cycle 2 — fix", pr.Body);
        Assert.Contains("| 2 of 20 | 2 | 7 | +10 −32 | 3 | 1200 / 850 | $0.0422 |", pr.Body);
        Assert.Contains("| 1 | REVIEW | 3 |", pr.Body);
        Assert.Contains("## Test results\n\nTests: not run: set `ias.test_command` in .loa.config.yaml.\n", pr.Body);
        Assert.Contains("Review: passed in cycle 2. Audit: passed in cycle 2.", pr.Body);
        Assert.Contains("## 🗑️ DELETED FILES - REVIEW CAREFULLY\n\n**Total: 1 file deleted**\n\n```\nsrc/\n└── old-module.ts (sprint-1, cycle-2)\n```\n\n> ⚠️", pr.Body);
        Assert.Equal($"# Run Mode: sprint-1\n\n{pr.Body}", pr.Markdown);
    }

    [Fact]
    public void A_halted_run_gets_an_incomplete_title_its_reason_and_how_to_resume()
    {
        var halted = Run with { State = RunState.Halted, Phase = Phase.Review, HaltReason = "circuit breaker: same issue 3 times" };

        var pr = RunPullRequestText.For(halted, [], [], incomplete: true);

        Assert.Equal("[INCOMPLETE] Run Mode: sprint-1", pr.Title);
        Assert.Contains("halted **sprint-1** on `feature/sprint-1` at cycle 2 (REVIEW): circuit breaker: same issue 3 times.", pr.Body);
        Assert.Contains("**This draft is INCOMPLETE.**", pr.Body);
        Assert.Contains("`ias run-resume`", pr.Body);
        Assert.Contains("None: this run deleted no file.", pr.Body);
    }

    [Fact]
    public void Under_metadata_only_the_agents_words_halt_reason_and_test_output_are_withheld_and_ids_and_counts_stay()
    {
        const string Summary = "Priced the Acme merger at 4.1 billion";
        const string Finding = "reviewer: the Acme merger price leaks into logs";
        const string Output = "FAIL acme_merger_price_is_secret";
        var halted = Run with { State = RunState.Halted, Phase = Phase.Review, HaltReason = Finding };
        var tests = new TestRunResult(TestOutcome.Failed, "make check", 2, TimeSpan.FromSeconds(3), ["running 4 tests", Output], "at abc1234");

        var pr = RunPullRequestText.For(
            halted, [new DeletedFile("src/acme.ts", "sprint-1", 2)], [$"abc1234 feat(sprint-1): cycle 2 — {Summary}", $"def5678 WIP: Run halted - {Finding}"],
            incomplete: true, [new LineStat(10, 2, "src/acme.ts")], tests: tests, policy: MetadataOnly);

        Assert.DoesNotContain("Acme", pr.Title + pr.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("acme_merger", pr.Body, StringComparison.Ordinal);
        Assert.Contains($"at cycle 2 (REVIEW): {Withheld(Finding)}.", pr.Body);
        Assert.Contains($"- abc1234 feat(sprint-1): cycle 2 — {Withheld(Summary)}\n", pr.Body);
        Assert.Contains($"- def5678 WIP: Run halted - {Withheld(Finding)}\n", pr.Body);
        Assert.Contains($"Last 2 line(s) of the output:\n\n```text\n{Withheld("running 4 tests\n" + Output)}\n```", pr.Body);

        // The structure and the identifiers stay: title, branch, counts, verdicts, the test command and its exit code, paths, the run id.
        Assert.Equal("[INCOMPLETE] Run Mode: sprint-1", pr.Title);
        Assert.Contains("halted **sprint-1** on `feature/sprint-1`", pr.Body);
        Assert.Contains("| 2 of 20 | 2 | 7 | +10 −2 | 3 | 1200 / 850 | $0.0422 |", pr.Body);
        Assert.Contains("Review: passed in cycle 2. Audit: passed in cycle 2.", pr.Body);
        Assert.Contains("`make check` exited with code 2 after 3.0 s", pr.Body);
        Assert.Contains("src/\n└── acme.ts (sprint-1, cycle-2)", pr.Body);
        Assert.Contains("run `run-20260119-abc123`", pr.Body);
    }

    [Fact]
    public void Under_metadata_only_with_pr_body_allowlisted_the_PR_reads_as_under_internal_ok()
    {
        var everything = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "pr.body" });
        var halted = Run with { State = RunState.Halted, HaltReason = "reviewer: the Acme merger price leaks" };
        var tests = new TestRunResult(TestOutcome.Failed, "make check", 2, TimeSpan.FromSeconds(3), ["FAIL acme"], "at abc1234");
        string[] commits = ["abc1234 feat(sprint-1): cycle 2 — Priced the Acme merger"];

        Assert.Equal(
            RunPullRequestText.For(halted, [], commits, incomplete: true, tests: tests),
            RunPullRequestText.For(halted, [], commits, incomplete: true, tests: tests, policy: everything));
    }

    private static string Withheld(string text) => MetadataOnly.Text("pr.body", text)!;
}
