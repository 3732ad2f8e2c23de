using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// A summary says in at most 160 characters what a thing is; the rest goes to remarks or to the spot. What is over today
/// is listed in SummaryExceptions.txt with its length, and that list only gets shorter.
/// </summary>
public sealed class SummaryRatchetTests
{
    [Fact]
    public void No_summary_in_src_grows_past_the_limit_or_past_its_listed_length()
    {
        var summaries = SourceSummaries.OfSources();

        // Set by the command in SummaryRatchet.Rewrite: write the list from the sources instead of checking them.
        if (Environment.GetEnvironmentVariable("IAS_SUMMARY_EXCEPTIONS") == "rewrite")
        {
            SummaryRatchet.Write(summaries);
            return;
        }

        var problems = SummaryRatchet.Problems(summaries, SummaryRatchet.Read());

        Assert.True(problems.Count == 0, $"{string.Join("\n", problems)}\nafter fixing what grew, the list is written anew by: {SummaryRatchet.Rewrite}");
        Assert.NotEmpty(summaries);
    }

    [Fact]
    public void A_summary_is_measured_as_a_reader_sees_it_and_named_by_what_it_is_on()
    {
        var summaries = SourceSummaries.Of(Tree("""
            /// <summary>
            ///   Two   lines,
            ///   one text.
            /// </summary>
            public sealed class Outer
            {
                /// <summary>Calls <see cref="N.Outer.Run(int)"/> with <paramref name="x"/>, or <see langword="null"/>; a &lt; b.</summary>
                [System.Obsolete("old")]
                public void Run(int x) { }

                /** <summary>Holds <see cref="System.Collections.Generic.List{T}">a list</see> and <c>code</c>.</summary> */
                public int Count { get; }

                /// <summary>One.</summary>
                private int _a, _b;

                /// <summary>Red.</summary>
                public enum Colour
                {
                    /// <summary>Bright.</summary>
                    Red,
                }
            }
            """)).Select(s => (s.Line, s.Member, s.Length));

        Assert.Equal(
        [
            (3, "type N.Outer", "Two lines, one text.".Length),
            (9, "Outer.Run(int)", "Calls Run with x, or null; a < b.".Length),
            (13, "Outer.Count", "Holds a list and code.".Length),
            (16, "Outer._a, _b", "One.".Length),
            (19, "type N.Outer.Colour", "Red.".Length),
            (22, "Outer.Colour.Red", "Bright.".Length),
        ], summaries);
    }

    [Fact]
    public void A_long_summary_is_caught_and_a_short_one_let_be()
    {
        // Both are over 160 characters as written; as read, with the reference as the name it shows, only the second is.
        var summaries = SourceSummaries.Of(Tree($$"""
            public static class A
            {
                /// <summary>{{new string('x', 152)}} <see cref="System.Collections.Generic.List{T}"/></summary>
                public static void Short() { }

                /// <summary>{{new string('x', 155)}} <see cref="A.Short"/>.</summary>
                public static void Long() { }
            }
            """)).ToList();

        Assert.Equal([160, 162], summaries.Select(s => s.Length));
        Assert.Equal(
            ["src/N/A.cs:8: the summary of A.Long() is 162 characters, over the limit of 160; say it shorter, and put the rest in <remarks> or at the spot it explains"],
            SummaryRatchet.Problems(summaries, new Dictionary<string, int>()));
    }

    [Fact]
    public void A_grown_exception_a_shortened_one_a_needless_one_and_a_vanished_one_are_each_told_in_one_line()
    {
        SourceSummary[] summaries =
        [
            new("src/A.cs", 10, "A.Grown()", 201),
            new("src/A.cs", 20, "A.Shrunk()", 180),
            new("src/A.cs", 30, "A.Fixed()", 160),
            new("src/A.cs", 40, "A.Same()", 170),
        ];
        var listed = RatchetList.Parse(
        [
            "# a comment",
            "200 src/A.cs A.Grown()",
            "190 src/A.cs A.Shrunk()",
            "161 src/A.cs A.Fixed()",
            "170 src/A.cs A.Same()",
            "300 src/Gone.cs type N.Gone",
        ]);

        Assert.Equal(
        [
            $"src/A.cs:10: the summary of A.Grown() is 201 characters, more than the 200 {SummaryRatchet.Path} allows it (limit 160); shorten it to 200 or fewer, as listed lengths only go down",
            $"src/A.cs:20: the summary of A.Shrunk() is 180 characters, fewer than the 190 listed; lower its line in {SummaryRatchet.Path} to 180, so it cannot grow back",
            $"src/A.cs:30: the summary of A.Fixed() is 160 characters, within the limit of 160; delete its line from {SummaryRatchet.Path}",
            $"src/Gone.cs type N.Gone: listed in {SummaryRatchet.Path} but no longer in src/; delete its line",
        ], SummaryRatchet.Problems(summaries, listed));
    }

    [Fact]
    public void The_list_as_written_is_the_list_as_read()
    {
        SourceSummary[] summaries = [new("src/A.cs", 1, "type N.A", 161), new("src/A.cs", 10, "A.Run(int, string)", 400), new("src/A.cs", 20, "A.Ok()", 160)];

        var listed = RatchetList.Parse(SummaryRatchet.Format(summaries).Split('\n'));

        Assert.Equal(new Dictionary<string, int> { ["src/A.cs type N.A"] = 161, ["src/A.cs A.Run(int, string)"] = 400 }, listed);
        Assert.Empty(SummaryRatchet.Problems(summaries, listed));
    }

    private static SyntaxTree Tree(string members) =>
        CSharpSyntaxTree.ParseText($"namespace N;\n\n{members}\n", Sources.ParseOptions, "src/N/A.cs");
}
