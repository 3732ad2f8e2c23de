using Ias.Core.Config;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Tests.Jobs;

/// <summary>A shared queue's job PR: ids, the commit, paths and counts always; the prompt and the agent's words only as the data policy lets them.</summary>
public sealed class JobPullRequestTextTests
{
    private static readonly Job Done = new(
        "night", "0003-implementer", 3, "implementer", "Price the merger at 4.2bn.", "claude", true, JobState.Running, 2,
        QueueFixture.Start, QueueFixture.Start, QueueFixture.Start, null, 2, "pid 1 on box-a in /src/shop", null, null, null, null, null, [])
    {
        Base = "main",
        Usage = new JobUsage(12000, 340, 0.0912m),
    };

    private static readonly JobEvidence Evidence = new(["0123456789abcdef0123456789abcdef01234567"], ["src/merger.cs", "docs/merger.md"], null);

    [Fact]
    public void Internal_ok_keeps_the_prompt_and_the_agents_final_message_beside_the_commit_files_and_usage()
    {
        var text = JobPullRequestText.For(Done, "ias/night/0003-implementer", Evidence, "Priced it; see docs/merger.md.", DataPolicy.Default);

        Assert.Equal("Queue night: job 0003-implementer (implementer)", text.Title);
        Assert.Contains("Queue job **0003-implementer** of run **night** (implementer, agent claude, attempt 2), committed on `ias/night/0003-implementer` from `main`", text.Body);
        Assert.Contains("> Price the merger at 4.2bn.", text.Body);
        Assert.Contains("Priced it; see docs/merger.md.", text.Body);
        Assert.Contains("- `0123456789abcdef0123456789abcdef01234567`", text.Body);
        Assert.Contains("### Changed files (2)\n\n- `src/merger.cs`\n- `docs/merger.md`\n", text.Body);
        Assert.Contains("| 12000 / 340 | $0.0912 |", text.Body);
    }

    [Fact]
    public void A_job_that_changed_its_test_script_ci_or_hooks_opens_its_pr_with_them()
    {
        var evidence = Evidence with { ChangedFiles = ["src/merger.cs", "scripts/test.sh", ".github/workflows/ci.yml", ".husky/pre-push"] };

        var text = JobPullRequestText.For(Done, "ias/night/0003-implementer", evidence, "Priced it.", DataPolicy.Default, "sh scripts/test.sh");

        Assert.StartsWith(Ias.Core.Cycles.Publishing.CheckChanges.Heading + "\n\n", text.Body);
        Assert.Contains("- `scripts/test.sh`\n", text.Body[..text.Body.IndexOf("## Summary", StringComparison.Ordinal)]);
        Assert.Contains("- `.github/workflows/ci.yml`\n", text.Body);
        Assert.Contains("- `.husky/pre-push`\n", text.Body);
        Assert.StartsWith("## Summary", JobPullRequestText.For(Done, "ias/night/0003-implementer", Evidence, "Priced it.", DataPolicy.Default, "sh scripts/test.sh").Body);
    }

    [Fact]
    public void Metadata_only_withholds_the_prompt_and_the_final_message_and_keeps_ids_shas_paths_and_counts()
    {
        var policy = new DataPolicy(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);

        var text = JobPullRequestText.For(Done, "ias/night/0003-implementer", Evidence, "Priced it at 4.2bn.", policy);

        Assert.DoesNotContain("merger at", text.Body);
        Assert.DoesNotContain("4.2bn", text.Body + text.Title);
        Assert.Contains("> " + policy.Text("pr.body", "Price the merger at 4.2bn."), text.Body);
        Assert.Contains(policy.Text("pr.body", "Priced it at 4.2bn.")!, text.Body);
        Assert.Contains("- `0123456789abcdef0123456789abcdef01234567`", text.Body);
        Assert.Contains("- `src/merger.cs`", text.Body);
        Assert.Contains("| 12000 / 340 | $0.0912 |", text.Body);
    }

    [Fact]
    public void A_commit_found_from_an_earlier_attempt_says_so_instead_of_a_final_message()
    {
        var text = JobPullRequestText.For(Done with { Usage = JobUsage.None }, "ias/night/0003-implementer", Evidence, null, DataPolicy.Default);

        Assert.Contains("Committed and pushed by an earlier attempt whose runner stopped before recording it.", text.Body);
        Assert.Contains("| 0 / 0 | not reported |", text.Body);
    }
}
