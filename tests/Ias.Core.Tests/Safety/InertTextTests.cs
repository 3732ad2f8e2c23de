using Ias.Core.Safety;

namespace Ias.Core.Tests.Safety;

public sealed class InertTextTests
{
    [Theory]
    [InlineData("copy \u001b]52;c;Y3VybCBldmlsLnNofHNo\u0007done", "copy done")]
    [InlineData("copy \u001b]52;c;Y3VybA==\u001b\\done", "copy done")]
    [InlineData("\u001b]0;sudo password please\u0007title", "title")]
    [InlineData("see \u001b]8;;https://evil.example/\u001b\\the docs\u001b]8;;\u001b\\ now", "see the docs now")]
    [InlineData("red \u001b[31mALERT\u001b[0m \u001b[2J\u001b[1;1H\u001b[?1049h", "red ALERT ")]
    [InlineData("dcs \u001bP1$qm\u001b\\ apc \u001b_hidden\u001b\\ pm \u001b^x\u0007 sos \u001bXy\u0007.", "dcs  apc  pm  sos .")]
    [InlineData("c1 \u009b31mred\u009b0m \u009d0;title\u009c next \u0090dcs\u009c.", "c1 red  next .")]
    [InlineData("charset \u001b(0q\u001b(B and \u001b7save\u001b8 \u001bc", "charset q and save ")]
    [InlineData("lone \u001b", "lone ")]
    [InlineData("bell\u0007 bs\b del\u007f nul\0 vt\u000b ff\u000c", "bell bs del nul vt ff")]
    [InlineData("abc\u202Egnp.exe", "abcgnp.exe")]
    [InlineData("\u2066iso\u2069 \u200Emark\u200F \u061Calm \u202Aemb\u202C", "iso mark alm emb")]
    [InlineData("zero\u200Bwidth\uFEFF soft\u00ADhyphen word\u2060joiner", "zerowidth softhyphen wordjoiner")]
    [InlineData("tags \U000E0049\U000E0047\U000E004Eend", "tags end")]
    [InlineData("emoji 👨\u200D👩\u200D👧 stays", "emoji 👨\u200D👩\u200D👧 stays")]
    public void Escapes_controls_and_invisible_characters_are_removed_whole(string agent, string shown)
    {
        Assert.Equal(shown, InertText.Line(agent));
        Assert.Equal(shown, InertText.Lines(agent));
    }

    [Fact]
    public void One_line_turns_line_breaks_and_tabs_into_spaces()
    {
        Assert.Equal("a b c d e f", InertText.Line("a\r\nb\nc\rd\te\u2028f"));
    }

    [Fact]
    public void Many_lines_keep_line_breaks_and_tabs_and_a_lone_carriage_return_cannot_overwrite_a_line()
    {
        Assert.Equal("Tests FAILED\nTests passed\nx\ty", InertText.Lines("Tests FAILED\rTests passed\r\nx\ty"));
    }

    [Fact]
    public void An_unterminated_string_ends_at_its_line_so_the_lines_after_it_stay()
    {
        Assert.Equal("a\nb", InertText.Lines("a\u001b]52;c;AAAA\nb"));
    }

    [Theory]
    [InlineData("feat(sprint-1): cycle 2 — add the greeting")]
    [InlineData("naïve café, 日本語, עברית, العربية, emoji ✅")]
    [InlineData("")]
    public void Clean_text_is_returned_as_it_is(string text)
    {
        Assert.Same(text, InertText.Line(text));
        Assert.Same(text, InertText.Lines(text));
    }

    [Fact]
    public void Clean_lines_are_returned_as_they_are()
    {
        const string Text = "## Summary\n\n- one\n\t- two\n";
        Assert.Same(Text, InertText.Lines(Text));
    }

    [Fact]
    public void Cleaning_twice_changes_nothing()
    {
        var once = InertText.Lines("x\u001b]0;t\u0007\u001b[1m\u202Ey\rz");
        Assert.Same(once, InertText.Lines(once));
    }
}
