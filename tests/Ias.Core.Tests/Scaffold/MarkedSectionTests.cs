using Ias.Core.Scaffold;

namespace Ias.Core.Tests.Scaffold;

/// <summary>The ias section of a person's AGENTS.md: appended once, replaced in place, and nothing outside its markers touched.</summary>
public sealed class MarkedSectionTests
{
    [Theory]
    [InlineData("# Mine\n\nhello\n", "# Mine\n\nhello\n\n")]
    [InlineData("# Mine\n\nhello", "# Mine\n\nhello\n\n")]
    [InlineData("# Mine\n\n", "# Mine\n\n")]
    [InlineData("", "")]
    public void A_file_without_a_section_gets_it_appended_after_a_blank_line_and_keeps_its_own_text(string text, string kept)
    {
        var merged = MarkedSection.Merge(text, "ours");

        Assert.Equal(kept + MarkedSection.Block("ours"), merged);
    }

    [Fact]
    public void A_section_is_replaced_in_place_and_the_text_before_and_after_it_stays_byte_for_byte()
    {
        var text = "# Mine\n\n" + MarkedSection.Block("old words\nmore") + "\n## After\nkept\n";

        var merged = MarkedSection.Merge(text, "new words");

        Assert.Equal("# Mine\n\n" + MarkedSection.Block("new words") + "\n## After\nkept\n", merged);
        Assert.Equal(merged, MarkedSection.Merge(merged, "new words"));
    }

    [Fact]
    public void A_section_whose_begin_marker_says_something_else_is_still_found_and_replaced()
    {
        var text = "<!-- ias:begin (an older ias's words) -->\nold\n<!-- ias:end -->\n";

        Assert.Equal(MarkedSection.Block("new"), MarkedSection.Merge(text, "new"));
    }

    [Fact]
    public void A_begin_marker_without_its_end_is_broken_and_no_section()
    {
        var text = "# Mine\n" + MarkedSection.Begin + "\nhalf a section\n";

        Assert.True(MarkedSection.Broken(text));
        Assert.Null(MarkedSection.Find(text));
        Assert.False(MarkedSection.Broken(MarkedSection.Block("whole")));
    }

    [Fact]
    public void A_marker_quoted_inside_a_line_is_not_a_marker()
    {
        var text = "Write `" + MarkedSection.Begin + "` to start one.\n";

        Assert.False(MarkedSection.Broken(text));
        Assert.Null(MarkedSection.Find(text));
    }
}
