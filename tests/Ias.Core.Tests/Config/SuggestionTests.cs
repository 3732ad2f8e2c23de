using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class SuggestionTests
{
    [Theory]
    [InlineData("sttus", "status")]
    [InlineData("stauts", "status")]
    [InlineData("statuss", "status")]
    [InlineData("notfy", "notify")]
    [InlineData("max-cycle", "max-cycles")]
    public void A_word_within_two_edits_suggests_the_name(string typed, string expected)
    {
        Assert.Equal(expected, Suggestion.Closest(typed, ["run", "status", "stop", "notify", "max-cycles"]));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("sprint_plans_dir")]
    [InlineData("rn")]
    [InlineData("ab")]
    [InlineData("stts")]
    public void A_word_too_far_from_every_name_for_its_length_suggests_nothing(string typed)
    {
        // "rn" is one edit from "run", but a two-letter word may be anything; "stts" is two edits from "stop" and four letters long.
        Assert.Null(Suggestion.Closest(typed, ["run", "stop", "sprint_plan"]));
    }

    [Fact]
    public void A_tie_goes_to_the_name_given_first()
    {
        Assert.Equal("stop", Suggestion.Closest("stip", ["stop", "step"]));
        Assert.Equal("step", Suggestion.Closest("stip", ["step", "stop"]));
    }

    [Fact]
    public void The_nearer_name_wins_over_the_earlier_one()
    {
        Assert.Equal("status", Suggestion.Closest("statsu", ["states", "status"]));
    }

    [Fact]
    public void An_empty_word_or_no_names_suggests_nothing()
    {
        Assert.Null(Suggestion.Closest("", ["run", ""]));
        Assert.Null(Suggestion.Closest("status", []));
    }

    [Theory]
    [InlineData("STATUS")]
    [InlineData("Sttus")]
    public void Case_is_ignored_and_the_name_comes_back_as_it_is_spelled(string typed)
    {
        Assert.Equal("status", Suggestion.Closest(typed, ["run", "status"]));
    }

    [Fact]
    public void Three_letters_or_more_that_begin_a_name_suggest_it_when_no_name_is_within_reach()
    {
        Assert.Equal("status", Suggestion.Closest("stat", ["run", "status"]));
        Assert.Equal("report_quiet_seconds", Suggestion.Closest("report_quiet", ["report", "report_quiet_seconds"]));
        Assert.Null(Suggestion.Closest("st", ["run", "status"]));
        Assert.Equal("run", Suggestion.Closest("run-", ["run-once", "run"]));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("status", "status", 0)]
    [InlineData("Status", "sTATUS", 0)]
    [InlineData("sttus", "status", 1)]
    [InlineData("auto_psuh", "auto_push", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    public void Distance_counts_added_removed_changed_and_swapped_letters(string a, string b, int expected)
    {
        // "ca" to "abc" is 3, not 2: a swapped pair is not edited again (optimal string alignment).
        Assert.Equal(expected, Suggestion.Distance(a, b));
        Assert.Equal(expected, Suggestion.Distance(b, a));
    }
}
