using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ias.Core.Tests.Architecture;

/// <summary>
/// Files stay under 500 lines and members under 80, so a reader can hold one in their head. What is over today is listed
/// in SizeExceptions.txt with its size, and that list only gets shorter.
/// </summary>
public sealed class SizeRatchetTests
{
    [Fact]
    public void No_file_or_member_in_src_grows_past_its_limit_or_past_its_listed_size()
    {
        var sizes = SourceSizes.OfSources();

        // Set by the command in SizeRatchet.Rewrite: write the list from the sources instead of checking them.
        if (Environment.GetEnvironmentVariable("IAS_SIZE_EXCEPTIONS") == "rewrite")
        {
            SizeRatchet.Write(sizes);
            return;
        }

        var problems = SizeRatchet.Problems(sizes, SizeRatchet.Read());

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_engine_and_the_dashboard_loop_stay_in_parts()
    {
        // Tighter than the general limits where code used to gather: the run engine hands its work to parts, each of the
        // engine's steps reads at a glance, and the dashboard's loop only steps its model.
        var sizes = SourceSizes.OfSources();
        var problems = new List<string>();
        // The engine is a partial class: what counts is the type, all its files together.
        var engine = sizes.Single(s => s is { IsType: true, Member: "type Ias.Core.Cycles.Engine.RunEngine" });
        if (engine.Lines >= 400)
        {
            problems.Add($"{engine.File}:{engine.Line}: RunEngine is {engine.Lines} lines over its partial files; it stays under 400: give the new work a part of its own");
        }

        problems.AddRange(sizes.Where(s => s is { IsType: false, Member: not null } && s.File.StartsWith("src/Ias.Core/Cycles/", StringComparison.Ordinal) && s.Lines > 60)
            .Select(s => $"{s.File}:{s.Line}: {s.Member} is {s.Lines} lines; members in Cycles stay within 60: split it into named steps"));
        problems.AddRange(sizes.Where(s => s.Member?.StartsWith("DashboardApp.RunAsync(", StringComparison.Ordinal) == true && s.Lines >= 60)
            .Select(s => $"{s.File}:{s.Line}: {s.Member} is {s.Lines} lines; the dashboard's loop stays under 60: move the work into the session"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(sizes, s => s.Member?.StartsWith("DashboardApp.RunAsync(", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_partial_type_is_measured_whole_over_its_files_and_told_when_it_passes_the_limit()
    {
        static SyntaxTree Part(string path, string name, int members) => CSharpSyntaxTree.ParseText(
            $"namespace N;\n\npublic sealed partial class {name}\n{{\n{string.Concat(Enumerable.Range(0, members).Select(i => $"    public int F{i}{path.Length};\n"))}}}\n",
            Sources.ParseOptions,
            path);

        // Two files of 303 lines each, neither over the file limit; the type they declare in them is 598 lines.
        var sizes = SourceSizes.Types([Part("src/N/A.More.cs", "A", 296), Part("src/N/A.cs", "A", 296), Part("src/N/B.cs", "B", 3)]).ToList();

        Assert.Equal([("src/N/A.cs", "type N.A", 299 + 299), ("src/N/B.cs", "type N.B", 6)], sizes.Select(s => (s.File, s.Member, s.Lines)));
        Assert.Equal(
            ["src/N/A.cs:3: type N.A is 598 lines, over the limit of 500; split it by concern into types of their own (partial files do not make a type smaller)"],
            SizeRatchet.Problems(sizes, new Dictionary<string, int>()));
    }

    [Fact]
    public void A_member_is_measured_from_its_first_line_to_its_last()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            namespace N;

            public sealed class Outer
            {
                public Outer(int a)
                {
                }

                public int Short => 1;

                public int Long
                {
                    get
                    {
                        return Twice(2);

                        static int Twice(int x) => 2 * x;
                    }
                }

                public sealed class Inner
                {
                    [System.Obsolete("old")]
                    public void Run(string s, System.Collections.Generic.List<int> l) { }
                }
            }
            """, Sources.ParseOptions, "src/N/Outer.cs");

        var sizes = SourceSizes.Of(tree).Select(s => (s.Member, s.Line, s.Lines)).ToList();

        Assert.Equal(
        [
            (null, 1, 26),
            ("Outer.Outer(int)", 5, 3),
            ("Outer.Short", 9, 1),
            ("Outer.Long.get", 13, 6),
            ("Outer.Long.get.Twice(int)", 17, 1),
            ("Outer.Inner.Run(string, System.Collections.Generic.List<int>)", 23, 2),
        ], sizes);
    }

    [Fact]
    public void A_new_long_member_a_grown_exception_a_needless_exception_and_a_vanished_one_are_each_told_in_one_line()
    {
        SourceSize[] sizes =
        [
            new("src/A.cs", 1, null, 120),
            new("src/A.cs", 10, "A.New()", 81),
            new("src/A.cs", 20, "A.Grown()", 91),
            new("src/A.cs", 30, "A.Shrunk()", 85),
            new("src/A.cs", 40, "A.Fixed()", 80),
            new("src/Big.cs", 1, null, 501),
        ];
        var listed = RatchetList.Parse(
        [
            "# a comment",
            "90 src/A.cs A.Grown()",
            "95 src/A.cs A.Shrunk()",
            "84 src/A.cs A.Fixed()",
            "99 src/Gone.cs Gone.Run()",
        ]);

        Assert.Equal(
        [
            "src/A.cs:10: A.New() is 81 lines, over the limit of 80; split it into named steps",
            $"src/A.cs:20: A.Grown() is 91 lines, more than the 90 {SizeRatchet.Path} allows it (limit 80); shrink it to 90 lines or fewer, as listed sizes only go down",
            $"src/A.cs:30: A.Shrunk() is 85 lines, fewer than the 95 listed; lower its line in {SizeRatchet.Path} to 85, so it cannot grow back",
            $"src/A.cs:40: A.Fixed() is 80 lines, within the limit of 80; delete its line from {SizeRatchet.Path}",
            "src/Big.cs:1: the file is 501 lines, over the limit of 500; split it by concern, into types of their own",
            $"src/Gone.cs Gone.Run(): listed in {SizeRatchet.Path} but no longer in src/; delete its line",
        ], SizeRatchet.Problems(sizes, listed));
    }

    [Fact]
    public void The_list_as_written_is_the_list_as_read()
    {
        SourceSize[] sizes = [new("src/A.cs", 1, null, 501), new("src/A.cs", 10, "A.Run(int)", 81), new("src/A.cs", 90, "A.Ok()", 80)];

        var listed = RatchetList.Parse(SizeRatchet.Format(sizes).Split('\n'));

        Assert.Equal(new Dictionary<string, int> { ["src/A.cs"] = 501, ["src/A.cs A.Run(int)"] = 81 }, listed);
        Assert.Empty(SizeRatchet.Problems(sizes, listed));
    }
}
