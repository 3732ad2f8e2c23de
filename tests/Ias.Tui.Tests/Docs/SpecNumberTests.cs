using System.Text.RegularExpressions;
using Ias.Tui.Tests.Scripts;

namespace Ias.Tui.Tests.Docs;

/// <summary>
/// The source documents are cited by number in docs/spec-map.md alone, the one place that maps them to the code and the
/// docs; every other document says what it means in its own words, so a reader needs no spec file to follow it.
/// </summary>
public sealed partial class SpecNumberTests
{
    private const string SpecMap = "docs/spec-map.md";

    [Theory]
    [MemberData(nameof(ReadmeTests.Documents), MemberType = typeof(ReadmeTests))]
    public void No_document_but_the_spec_map_cites_a_spec_file_by_number(string document)
    {
        var path = document.Replace('\\', '/');
        var lines = path == SpecMap ? [] : File.ReadAllLines(Path.Combine(SourceTree.Root, document));

        Assert.Empty(Citations(path, lines));
    }

    [Fact]
    public void A_spec_number_a_spec_file_and_a_section_sign_are_told_and_other_numbers_let_be()
    {
        string[] lines =
        [
            "as 002's rule says (004), of 000",
            "see seeds/003_f92122277b4a3b62.txt and spec 3.2, § 4",
            "1,000 lines, 100,000 jobs, 0.004 s, 2000 ms, 0014, v1.004, commit 3002a1f, 10:00:02",
        ];

        Assert.Equal(
        [
            "docs/x.md:1: cites a spec file (\"002\"); say it in words, and map it to its spec file in docs/spec-map.md",
            "docs/x.md:1: cites a spec file (\"004\"); say it in words, and map it to its spec file in docs/spec-map.md",
            "docs/x.md:1: cites a spec file (\"000\"); say it in words, and map it to its spec file in docs/spec-map.md",
            "docs/x.md:2: cites a spec file (\"seeds/\"); say it in words, and map it to its spec file in docs/spec-map.md",
            "docs/x.md:2: cites a spec file (\"003_f92122277b4a3b62\"); say it in words, and map it to its spec file in docs/spec-map.md",
            "docs/x.md:2: cites a spec file (\"spec 3\"); say it in words, and map it to its spec file in docs/spec-map.md",
            "docs/x.md:2: cites a spec file (\"§\"); say it in words, and map it to its spec file in docs/spec-map.md",
        ], Citations("docs/x.md", lines));
    }

    /// <summary>Each citation of a spec file in <paramref name="lines"/>, one line each: where, what, and what to do.</summary>
    private static IEnumerable<string> Citations(string document, IReadOnlyList<string> lines) =>
        lines.SelectMany((line, i) => Citation().Matches(line).Select(m =>
            $"{document}:{i + 1}: cites a spec file (\"{m.Value}\"); say it in words, and map it to its spec file in {SpecMap}"));

    // A spec file's number standing alone (002's, (004), of 000; not 1,000, 0.004 or 2000), its file's name, the folder the
    // files live in, a section sign, or "spec" and a number.
    [GeneratedRegex(@"(?<![\w.,:])00[0-4](?:_[0-9a-f]{16})?(?![\w]|[.,:]\d)|\bseeds/|§|\bspec(?:ification)?\s+\d")]
    private static partial Regex Citation();
}
