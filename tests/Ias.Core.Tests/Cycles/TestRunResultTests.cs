using Ias.Core.Config;
using Ias.Core.Cycles.Publishing;

namespace Ias.Core.Tests.Cycles;

/// <summary>The texts of a test run: the progress line and the PR section, outcome first.</summary>
public sealed class TestRunResultTests
{
    [Fact]
    public void A_failure_heads_the_section_and_its_tail_is_fenced_past_any_backticks_it_holds()
    {
        var result = new TestRunResult(TestOutcome.Failed, "make check", 2, TimeSpan.FromSeconds(4.25), ["```not a fence", "FAIL parse"], "at abc1234");

        var section = result.Section();

        Assert.StartsWith("**⚠️ Tests FAILED.** `make check` exited with code 2 after 4.3 s (at abc1234).", section);
        Assert.Contains("Last 2 line(s) of the output:\n\n````text\n```not a fence\nFAIL parse\n````\n", section);
        Assert.Equal("tests FAILED: `make check` exited 2 after 4.3 s; last line: FAIL parse", result.Line());
    }

    [Fact]
    public void A_pass_after_the_agent_changed_the_test_command_s_files_says_so_in_the_line_and_the_section()
    {
        var result = new TestRunResult(TestOutcome.Passed, "sh scripts/test.sh", 0, TimeSpan.FromSeconds(1), [], "at abc1234")
        {
            ChecksChanged = CheckChanges.Of(["scripts/test.sh", "src/app.c"], "sh scripts/test.sh").TestWarning(),
        };

        Assert.Equal("tests passed, but the agent changed the test command's files (scripts/test.sh): `sh scripts/test.sh` exited 0 after 1.0 s", result.Line());
        Assert.StartsWith("**⚠️ Tests passed, but the agent changed the test command's files (scripts/test.sh)**: `sh scripts/test.sh` exited with code 0", result.Section());
        Assert.Equal("tests passed: `sh scripts/test.sh` exited 0 after 1.0 s", (result with { ChecksChanged = null }).Line());
    }

    [Fact]
    public void A_halted_run_says_when_its_tests_will_run_and_an_unset_command_says_how_to_set_it()
    {
        Assert.Equal("Tests: not run: the run halted before it finished; ias runs them when it completes.\n", TestRunResult.Halted("make check").Section());
        Assert.Equal("Tests: not run: set `ias.test_command` in .loa.config.yaml.\n", TestRunResult.Halted(null).Section());
    }

    [Fact]
    public void Under_metadata_only_the_tail_is_one_withheld_block_and_the_outcome_and_line_count_stay()
    {
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);
        var result = new TestRunResult(TestOutcome.Failed, "make check", 2, TimeSpan.FromSeconds(4.25), ["running 2 tests", "FAIL payroll_for_jane_roe"], "at abc1234");

        var section = result.Section(policy);

        Assert.StartsWith("**⚠️ Tests FAILED.** `make check` exited with code 2 after 4.3 s (at abc1234).", section);
        Assert.Contains($"Last 2 line(s) of the output:\n\n```text\n{policy.Text("pr.body", "running 2 tests\nFAIL payroll_for_jane_roe")}\n```\n", section);
        Assert.DoesNotContain("jane", section, StringComparison.Ordinal);
    }
}
