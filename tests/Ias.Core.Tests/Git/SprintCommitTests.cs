using Ias.Core.Git;

namespace Ias.Core.Tests.Git;

public sealed class SprintCommitTests
{
    [Fact]
    public void Commit_messages_carry_sprint_and_cycle_and_the_default_pattern_finds_them()
    {
        var message = SprintCommit.Message("sprint-1", 2, "add the greeting");

        Assert.Equal("feat(sprint-1): cycle 2 — add the greeting", message);
        Assert.True(SprintCommit.Matches(@"^feat\(sprint-", message));
        Assert.Null(SprintCommit.PatternWarning(@"^feat\(sprint-", "sprint-1"));
    }

    [Fact]
    public void A_wip_commit_is_not_a_sprint_commit()
    {
        var wip = SprintCommit.Wip("lunch\nbreak");

        Assert.Equal("WIP: Run halted - lunch break", wip);
        Assert.False(SprintCommit.Matches(@"^feat\(sprint-", wip));
    }

    [Theory]
    [InlineData(@"^feat\(sprint-[[:digit:]]+\)", true)]
    [InlineData(@"^feat\(sprint-[0-9]+\): cycle [[:digit:]]", true)]
    [InlineData("^(feat|fix)", true)]
    [InlineData("^fix:", false)]
    [InlineData(@"^feat: sprint", false)]
    public void Grep_E_patterns_are_read_as_grep_reads_them(string pattern, bool matches) =>
        Assert.Equal(matches, SprintCommit.Matches(pattern, SprintCommit.Message("sprint-12", 3, "x")));

    [Fact]
    public void A_pattern_that_misses_our_messages_gets_a_warning_naming_both()
    {
        var warning = SprintCommit.PatternWarning("^fix:", "sprint-1");

        Assert.NotNull(warning);
        Assert.Contains("'^fix:'", warning);
        Assert.Contains("feat(sprint-1): cycle 1", warning);
    }
}
