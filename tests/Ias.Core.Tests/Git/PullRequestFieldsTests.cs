using Ias.Core.Config;
using Ias.Core.Git;

namespace Ias.Core.Tests.Git;

/// <summary>A commit line in a PR under metadata_only: its SHA and the structure ias gives a subject stay, the words go.</summary>
public sealed class PullRequestFieldsTests
{
    private static readonly DataPolicy MetadataOnly = new(DataPolicyMode.MetadataOnly, DataPolicy.Default.Allowlist);

    [Theory]
    [InlineData("abc1234 feat(sprint-1): cycle 2 — Priced the merger", "abc1234 feat(sprint-1): cycle 2 — ", "Priced the merger")]
    [InlineData("abc1234 fix(sprint-1): post-PR — Hid the price", "abc1234 fix(sprint-1): post-PR — ", "Hid the price")]
    [InlineData("abc1234 chore(sprint-1): COMPLETED — review and audit passed, and the merger too", "abc1234 chore(sprint-1): COMPLETED — ", "review and audit passed, and the merger too")]
    [InlineData("abc1234 WIP: Run halted - the merger leaks", "abc1234 WIP: Run halted - ", "the merger leaks")]
    [InlineData("abc1234 docs(the merger plan): notes", "abc1234 ", "docs(the merger plan): notes")]
    [InlineData("abc1234 Merger notes", "abc1234 ", "Merger notes")]
    public void A_commit_keeps_its_sha_type_and_identifier_scope_and_withholds_its_words(string line, string kept, string words)
    {
        Assert.Equal(kept + MetadataOnly.Text("pr.body", words), PullRequestFields.Commit(MetadataOnly, line));
    }

    [Theory]
    [InlineData("abc1234 chore(sprint-1): red team code-vs-design, cycle 2")]
    [InlineData("abc1234 chore(sprint-1): COMPLETED — review and audit passed in cycle 2")]
    [InlineData("abc1234 chore(sprint-1): COMPLETED — review, audit and the red-team gate passed in cycle 3")]
    [InlineData("abc1234 chore(sprint-1): COMPLETED — review and audit passed in cycle 4; red-team gate at its limit of 2")]
    [InlineData("abc1234 chore(sprint-1): COMPLETED — review and audit passed in cycle 1; no design document for the red-team gate")]
    public void A_subject_ias_writes_with_no_words_but_its_own_verdict_stays_whole(string line)
    {
        Assert.Equal(line, PullRequestFields.Commit(MetadataOnly, line));
    }

    [Fact]
    public void With_pr_body_allowed_a_commit_and_free_text_are_kept_as_they_are()
    {
        var allowed = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "pr.body" });

        Assert.Equal("abc1234 docs(the merger plan): notes", PullRequestFields.Commit(allowed, "abc1234 docs(the merger plan): notes"));
        Assert.Equal("the merger leaks", PullRequestFields.Free(DataPolicy.Default, "the merger leaks"));
    }
}
