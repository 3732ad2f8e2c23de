using Ias.Core.Storage;

namespace Ias.Core.Tests.Storage;

public sealed class ShortTextTests
{
    [Theory]
    [InlineData("fits", 4, "fits")]
    [InlineData("too long", 4, "too…")]
    [InlineData("", 0, "")]
    public void Cut_keeps_text_that_fits_and_ends_a_longer_one_with_an_ellipsis_within_the_limit(string text, int max, string expected) =>
        Assert.Equal(expected, ShortText.Cut(text, max));

    [Fact]
    public void CutAfter_keeps_the_given_chars_and_adds_the_ellipsis_past_them() =>
        Assert.Equal(("fits", "abcd…"), (ShortText.CutAfter("fits", 4), ShortText.CutAfter("abcdef", 4)));

    [Fact]
    public void CutStart_keeps_the_end_of_a_path_behind_an_ellipsis_within_the_limit() =>
        Assert.Equal(("/a/b", "…/repo", ""), (ShortText.CutStart("/a/b", 4), ShortText.CutStart("/home/me/repo", 6), ShortText.CutStart("/a", 0)));

    [Fact]
    public void CutAtWord_cuts_at_a_space_that_keeps_enough_and_mid_word_only_for_a_long_word()
    {
        Assert.Equal("press r again…", ShortText.CutAtWord("press r again in a moment", 15));
        Assert.Equal("abcdefghi…", ShortText.CutAtWord("abcdefghijklmnop qr", 10));
        Assert.Equal(("…", ""), (ShortText.CutAtWord("ab", 1), ShortText.CutAtWord("ab", 0)));
    }

    [Fact]
    public void The_one_line_forms_differ_only_in_what_they_fold()
    {
        Assert.Equal(("second", "none"), (ShortText.FirstLine("\n  \n second \nthird"), ShortText.FirstLine(" \n", "none")));
        Assert.Equal("a  b", ShortText.OneLine(" a\n\nb \n"));
        Assert.Equal(("a b", "a\tb c"), (ShortText.JoinLines(" a\r\n\r\nb "), ShortText.JoinLines("a\tb\nc")));
        Assert.Equal("a b c", ShortText.JoinLines("a\tb\nc", tabsToo: true));
        Assert.Equal("a b c", ShortText.Words(" a \t b\r\n c "));
    }
}
